#pragma once
/// @file report_builder.h
/// The analysis report of what a main window shows: its session (SessionManager::capture():
/// workspace, curve, sweep, B', STRIP run, goodnets, comparison) and its views' figures, the same
/// plot widgets the user sees rendered as SVG. Sections: the three verdicts (trust, repair,
/// filter; core rules via reportVerdicts()), the model (file, SHA-256, architecture, parameters,
/// input scale and how it was chosen), the data sets with sizes and roles, each result of the
/// session with its figure and numbers, and what reproduces it (settings, seeds, versions, date,
/// the equivalent CLI command). Sections without a result say that the step was not run.
///
/// The report is written in English whatever the interface language, so that reports from
/// different users read the same; numbers use two decimals like the views' tables.
///
/// Thread: GUI thread. Errors: none (missing parts are reported as not run).
#include "app/desktop/report_document.h"

namespace bdl::app {

class MainWindow;

/// `now` is the report's date (ISO 8601 in the text); empty = the current time.
ReportDocument buildReport(MainWindow* window, const QString& now = QString());

/// Percent with two decimals ("93.25"); "–" for NaN.
QString reportNumber(double value);

} // namespace bdl::app
