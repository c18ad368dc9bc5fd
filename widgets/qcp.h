#pragma once
/// @file qcp.h
/// Internal: includes qcustomplot.h in a QT_NO_KEYWORDS build. QCustomPlot 2.1's header spells
/// `signals:` and `foreach`, which QT_NO_KEYWORDS removes; they are mapped to the Q_ macros only
/// around this one include. Never include this from a public header.

#ifdef QT_NO_KEYWORDS
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#define BDL_QCP_KEYWORDS_MAPPED
#endif

#include <qcustomplot.h>

#ifdef BDL_QCP_KEYWORDS_MAPPED
#undef signals
#undef slots
#undef emit
#undef foreach
#undef BDL_QCP_KEYWORDS_MAPPED
#endif
