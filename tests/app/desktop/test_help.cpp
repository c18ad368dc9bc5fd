// Help inside the app (issue 14, point 4): F1 opens the user guide, a non-modal dialog with the
// three questions, the views in tab order and every term of the glossary; F1 again raises the
// same dialog, at the section of the current view; and every setting of every view (and of the
// Open and Settings dialogs) has a tooltip, the tuning forms' naming the paper's defaults. The
// functions run in order on one window with the tiny workspace open (so the combo boxes are
// filled and the workspace panel has its pruned-layer box).
#include "desktop_test_util.h"

#include "app/desktop/activation_view.h"
#include "app/desktop/comparison_view.h"
#include "app/desktop/help_dialog.h"
#include "app/desktop/inspector_view.h"
#include "app/desktop/main_window.h"
#include "app/desktop/open_dialog.h"
#include "app/desktop/prune_view.h"
#include "app/desktop/settings_dialog.h"
#include "app/desktop/strip_view.h"
#include "app/desktop/sweep_view.h"
#include "app/desktop/workspace_panel.h"

#include <QtTest/QTest>
#include <QtWidgets/QAbstractSpinBox>
#include <QtWidgets/QApplication>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTextBrowser>

#include <memory>

namespace bdl::app::test {

namespace {

/// The settings controls of `root`: spin boxes, combo boxes, check boxes and line edits, less the
/// line edits that are a spin box's or a combo box's own editor (part of that control).
QList<QWidget*> settingControls(QWidget* root) {
    QList<QWidget*> out;
    const auto widgets = root->findChildren<QWidget*>();
    for (QWidget* w : widgets) {
        if (qobject_cast<QLineEdit*>(w)) {
            QWidget* parent = w->parentWidget();
            if (qobject_cast<QAbstractSpinBox*>(parent) || qobject_cast<QComboBox*>(parent))
                continue;
            out << w;
        } else if (qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QComboBox*>(w) ||
                   qobject_cast<QCheckBox*>(w)) {
            out << w;
        }
    }
    return out;
}

/// Fails naming every control of `root` without a tooltip; `count` gets how many were checked.
void verifyTooltips(QWidget* root, const QString& where, int* count) {
    QStringList missing;
    const QList<QWidget*> controls = settingControls(root);
    for (QWidget* w : controls)
        if (w->toolTip().trimmed().isEmpty())
            missing << QStringLiteral("%1 (%2)").arg(
                w->objectName(), QString::fromLatin1(w->metaObject()->className()));
    *count += static_cast<int>(controls.size());
    QVERIFY2(missing.isEmpty(), qPrintable(where + QStringLiteral(": no tooltip on ") +
                                           missing.join(QStringLiteral(", "))));
}

} // namespace

class HelpTest : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<MainWindow> m_window;

    /// F1 on the main window, as a user presses it there.
    void pressF1() {
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_F1);
    }
    QString toolTip(const char* name) const {
        QWidget* w = m_window->findChild<QWidget*>(QString::fromLatin1(name));
        if (!w)
            qFatal("no child %s", name);
        return w->toolTip();
    }

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        m_window = openTinyWindow(*m_ws);
        QVERIFY(m_window);
        m_window->tabs()->setCurrentIndex(0);
    }

    void cleanupTestCase() {
        m_window.reset(); // cancels and joins the worker
        m_ws.reset();
    }

    void f1OpensTheGuide() {
        QVERIFY(!m_window->helpDialog());
        pressF1();
        HelpDialog* help = m_window->helpDialog();
        QVERIFY(help);
        QTRY_VERIFY(help->isVisible());
        QVERIFY(!help->isModal());
        const QString text = help->browser()->toPlainText();
        // The three questions.
        for (const QString& q : {QStringLiteral("Trust the model?"), QStringLiteral("Repair it?"),
                                 QStringLiteral("Filter its inputs?")})
            QVERIFY2(text.contains(q), qPrintable(q));
        // Every view, in tab order, under its tab's title.
        QTabWidget* tabs = m_window->tabs();
        qsizetype at = 0;
        for (int i = 0; i < tabs->count(); ++i) {
            const QString heading = QStringLiteral("%1. %2 (").arg(i + 1).arg(tabs->tabText(i));
            const qsizetype next = text.indexOf(heading, at);
            QVERIFY2(next > at, qPrintable(heading));
            at = next;
        }
        // Every term of the glossary, each an entry of its own (a line holding the term alone).
        QStringList lines = text.split(QLatin1Char('\n'));
        for (QString& line : lines)
            line = line.trimmed();
        const QStringList terms{QStringLiteral("B"),     QStringLiteral("B'"),
                                QStringLiteral("G"),     QStringLiteral("G'"),
                                QStringLiteral("CCA"),   QStringLiteral("ASR"),
                                QStringLiteral("FRR"),   QStringLiteral("FAR"),
                                QStringLiteral("AUROC"), QStringLiteral("pruning-aware")};
        QCOMPARE(HelpDialog::glossaryTerms(), terms);
        for (const QString& term : terms)
            QVERIFY2(lines.contains(term, Qt::CaseInsensitive), qPrintable(term));
        // The paper's defaults where they apply, and the goodnets' class N.
        for (const QString& s :
             {QStringLiteral("learning rate 1e-3, 10 epochs, batch size 32"),
              QStringLiteral("1e-2, 1e-3, 1e-4, 1e-5, 1e-6"), QStringLiteral("default 100"),
              QStringLiteral("alpha blend 0.5"), QStringLiteral("target FRR (default 1 %)"),
              QStringLiteral("else class N"), QStringLiteral("B0 = B fine-pruned by k0 channels"),
              QStringLiteral("at least 50 %"), QStringLiteral("more than 4 points")})
            QVERIFY2(text.contains(s), qPrintable(s));
    }

    void f1AgainRaisesTheSameGuide() {
        HelpDialog* help = m_window->helpDialog();
        QVERIFY(help);
        pressF1();
        QCOMPARE(m_window->helpDialog(), help);
        QCOMPARE(m_window->findChildren<HelpDialog*>().size(), 1);
        QVERIFY(help->isVisible());
        // Closed, it comes back on F1: still the one dialog.
        help->close();
        QVERIFY(!help->isVisible());
        pressF1();
        QCOMPARE(m_window->helpDialog(), help);
        QCOMPARE(m_window->findChildren<HelpDialog*>().size(), 1);
        QTRY_VERIFY(help->isVisible());
    }

    void f1ShowsTheSectionOfTheCurrentView() {
        HelpDialog* help = m_window->helpDialog();
        QVERIFY(help);
        QScrollBar* bar = help->browser()->verticalScrollBar();
        m_window->tabs()->setCurrentWidget(m_window->pruneView());
        pressF1();
        QCOMPARE(help->section(), QStringLiteral("fine-pruning"));
        const int finePruning = bar->value();
        m_window->tabs()->setCurrentWidget(m_window->stripView());
        pressF1();
        QCOMPARE(help->section(), QStringLiteral("strip"));
        QVERIFY2(bar->value() > finePruning,
                 qPrintable(QStringLiteral("%1 <= %2").arg(bar->value()).arg(finePruning)));
        m_window->tabs()->setCurrentWidget(m_window->inspectorView());
        pressF1();
        QCOMPARE(help->section(), QStringLiteral("inspector"));
        help->showSection(QString());
        QCOMPARE(bar->value(), 0);
        help->close();
        m_window->tabs()->setCurrentIndex(0);
    }

    void everySettingHasATooltip() {
        // Every spin box, combo box, check box and line edit of the views, the workspace panel
        // (its pruned-layer box), the Open dialog and the Settings dialog: none is excluded.
        int count = 0;
        const QList<QPair<QWidget*, QString>> roots{
            {m_window->pruneView(), QStringLiteral("Fine-pruning")},
            {m_window->sweepView(), QStringLiteral("LR sweep")},
            {m_window->activationView(), QStringLiteral("Activations")},
            {m_window->stripView(), QStringLiteral("STRIP")},
            {m_window->comparisonView(), QStringLiteral("Comparison")},
            {m_window->inspectorView(), QStringLiteral("Inspector")},
            {m_window->workspacePanel(), QStringLiteral("Workspace panel")}};
        for (const auto& [root, name] : roots) {
            QVERIFY2(!settingControls(root).isEmpty(), qPrintable(name));
            verifyTooltips(root, name, &count);
            if (QTest::currentTestFailed())
                return;
        }
        QVERIFY(m_window->workspacePanel()->pruneLayerBox()); // checked above
        OpenDialog open(m_window.get());
        verifyTooltips(&open, QStringLiteral("Open dialog"), &count);
        SettingsDialog settings(m_window.get());
        verifyTooltips(&settings, QStringLiteral("Settings dialog"), &count);
        QVERIFY2(count >= 40, qPrintable(QString::number(count)));
    }

    void tuningTooltipsNameThePaperDefaults() {
        for (const char* prefix : {"fineTune", "paper", "liu"}) {
            const QString p = QString::fromLatin1(prefix);
            const QString lr = toolTip(qPrintable(p + QStringLiteral("Lr")));
            QVERIFY2(lr.contains(QStringLiteral("Adam")) &&
                         lr.contains(QStringLiteral("Paper default: 1e-3")),
                     qPrintable(lr));
            const QString epochs = toolTip(qPrintable(p + QStringLiteral("Epochs")));
            QVERIFY2(epochs.contains(QStringLiteral("Paper default: 10")), qPrintable(epochs));
            const QString batch = toolTip(qPrintable(p + QStringLiteral("Batch")));
            QVERIFY2(batch.contains(QStringLiteral("Paper default: 32")), qPrintable(batch));
        }
        QVERIFY(toolTip("paperSteps").contains(QStringLiteral("Paper default: 10 %")));
        QVERIFY(toolTip("liuMaxDrop").contains(QStringLiteral("4 points")));
        QVERIFY(toolTip("sweepLrs")
                    .contains(QStringLiteral("Paper default: 1e-2, 1e-3, 1e-4, 1e-5, 1e-6")));
        QVERIFY(toolTip("sweepBatch").contains(QStringLiteral("Paper default: 32")));
        QVERIFY(toolTip("sweepEpochs").contains(QStringLiteral("Paper: 10")));
        QVERIFY(toolTip("stripN").contains(QStringLiteral("Paper default: 100")));
        QVERIFY(toolTip("stripAlpha").contains(QStringLiteral("Default: 0.5")));
        QVERIFY(toolTip("stripFrr").contains(QStringLiteral("Paper default: 1 %")));
        QVERIFY(toolTip("goodnetK0").contains(QStringLiteral("Default: 2")));
    }
};

BDL_REGISTER_DESKTOP_TEST(HelpTest);

} // namespace bdl::app::test

#include "test_help.moc"
