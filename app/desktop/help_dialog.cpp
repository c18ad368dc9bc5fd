#include "app/desktop/help_dialog.h"

#include "app/desktop/command_line.h"

#include <QtCore/QPair>
#include <QtCore/QVector>
#include <QtGui/QKeySequence>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QTextBrowser>
#include <QtWidgets/QVBoxLayout>

namespace bdl::app {

namespace {

constexpr int kWidth = 720;
constexpr int kHeight = 760;

} // namespace

QStringList HelpDialog::glossaryTerms() {
    return {QStringLiteral("B"),   QStringLiteral("B'"),  QStringLiteral("G"),
            QStringLiteral("G'"),  QStringLiteral("CCA"), QStringLiteral("ASR"),
            QStringLiteral("FRR"), QStringLiteral("FAR"), QStringLiteral("AUROC"),
            tr("pruning-aware")};
}

QString HelpDialog::html(const QStringList& viewTitles) {
    const QStringList views = screenshotViews();
    // One paragraph per view, in tab order (the order of screenshotViews()).
    const QStringList bodies{
        tr("The pruning curve: CCA and ASR of B with its k least active channels (mean activation "
           "on clean data) pruned, without fine-tuning; the slider reads it at any k. Three ways "
           "to make B': <i>Fine-tune at k</i> (prune k channels, fine-tune once), the "
           "<i>paper's protocol</i> (prune one channel, fine-tune, repeat; 10 % of the layer by "
           "default) and <i>Liu et al.'s protocol</i> (prune until the clean validation accuracy "
           "drops by more than 4 points, fine-tune once). Paper defaults: Adam, learning rate "
           "1e-3, 10 epochs, batch size 32.") +
            QLatin1Char(' ') +
            tr("Every B' made in the workspace (also a sweep cell made current) stays in the "
               "<i>B' candidates</i> table below the curves with how it was made and its CCA and "
               "ASR: <i>Make current</i> makes one B' again, <i>Export...</i> writes any of them."),
        tr("For each learning rate of the grid (the paper's: 1e-2, 1e-3, 1e-4, 1e-5, 1e-6) B is "
           "pruned channel by channel and fine-tuned after every step; the heatmaps show the CCA "
           "and ASR of every cell (learning rate x channels pruned), as in the paper's Figure 3. "
           "The best trade-off is the highest CCA whose ASR stays within the limit (10 % by "
           "default). Click a cell to make its model B'. The paper fine-tunes 10 epochs per step; "
           "the view starts at 1 to keep the grid quick."),
        tr("The mean activation of every channel of the pruned layer on clean and on poisoned "
           "data, in pruning order, with the pruned channels marked: channels that are dormant on "
           "clean data but fire on poisoned data carry the backdoor. Below, the mean feature maps "
           "of every channel before and after fine-pruning (the paper's Figures 4-8)."),
        tr("Each input is superimposed with N clean images (default 100, alpha blend 0.5) and "
           "B's predictions on the blends are scored by their entropy: a trigger keeps them "
           "confident, so poisoned inputs have low entropy. The threshold comes from clean "
           "calibration data only, at a target FRR (default 1 %); drag it on the histogram to "
           "see FRR, FAR, CCA and ASR change. The ROC curves give each poisoned set's AUROC. "
           "Click a bar to list its inputs and see one with its superimpositions."),
        tr("The paper's Figure 1: CCA and ASR per attack for STRIP (at the STRIP view's "
           "threshold), B', G(B, B') and G'(B0, B'), as bars and as a table. <i>Compute "
           "goodnets</i> needs a B'; B0 is B fine-pruned by k0 channels (default 2). Every attack "
           "analysed in the session stays as a row, and a pruning-aware attack is flagged."),
        tr("One image at a time: open or drop a picture, or pick one from a loaded set. It shows "
           "the top-5 classes of B and B', G's verdict (class N when B and B' disagree), the "
           "image's STRIP entropy and STRIP's verdict at the current threshold."),
    };
    const QStringList terms = glossaryTerms();
    const QStringList definitions{
        tr("The model under test, as opened: possibly a badnet, a network with a backdoor (a "
           "trigger that makes it output the attacker's target class)."),
        tr("The repaired model: B with k channels pruned, then fine-tuned on clean data; made "
           "in the Fine-pruning view or picked in the LR sweep."),
        tr("The goodnet G(B, B'): it runs B and B' on an input and outputs their label when they "
           "agree, else class N, \"poisoned\" (N = the number of classes): the input is "
           "rejected."),
        tr("The paper's improved goodnet G'(B0, B'): G with B0 = B fine-pruned by k0 channels in "
           "place of B. It keeps more clean accuracy when B's own CCA is low."),
        tr("Clean classification accuracy: % of the clean test images classified correctly (a "
           "goodnet's class N counts as wrong; for STRIP, a rejected input too). Higher is "
           "better."),
        tr("Attack success rate: % of a poisoned set classified as the attack's target (for "
           "STRIP: and not rejected). Lower is better."),
        tr("False rejection rate of STRIP: % of clean inputs flagged as trojaned (entropy below "
           "the threshold). The threshold is set for a target FRR on clean calibration data "
           "(default 1 %)."),
        tr("False acceptance rate of STRIP: % of a poisoned set not flagged (entropy at or above "
           "the threshold)."),
        tr("Area under STRIP's ROC curve for one poisoned set against the clean test set: 1 "
           "separates them perfectly at some threshold, 0.5 is chance. It does not depend on the "
           "threshold."),
        tr("Liu et al.'s definition (Fine-Pruning, 2018), as the Comparison view applies it: B is "
           "pruned alone (no fine-tuning), least active channels first, up to k*, the most "
           "channels before its CCA first falls more than 4 points below the unpruned CCA; an "
           "attack whose ASR at k* is still at least 50 % survives pruning of the dormant "
           "channels and is pruning-aware. Pruning alone does not remove it: fine-tune."),
    };

    QString h;
    h += QStringLiteral("<h2>%1</h2><p>%2</p>")
             .arg(tr("BackdoorLab user guide"),
                  tr("BackdoorLab is for a neural network you received and suspect of a backdoor: "
                     "a hidden trigger (a patch, a pattern, sunglasses) that makes it output the "
                     "attacker's target class. It implements the two defenses compared by Ye, "
                     "Bamigbade and Babushkin: fine-pruning (Liu et al.) and STRIP (Gao et al.)."));
    h += QStringLiteral("<h3><a name=\"questions\"></a>%1</h3><ol><li>%2</li><li>%3</li><li>%4"
                        "</li></ol>")
             .arg(tr("Three questions"),
                  tr("<b>Trust the model?</b> Is B backdoored? Look at B's ASR on the poisoned "
                     "sets at k = 0 in the Fine-pruning view, at channels that fire on poisoned "
                     "data only in the Activations view, and at how well STRIP separates clean "
                     "from poisoned inputs (AUROC). A high ASR means: do not use B as it is."),
                  tr("<b>Repair it?</b> Does fine-pruning give a repaired model B' that keeps its "
                     "clean accuracy (CCA) and loses the backdoor (low ASR)? Make B' in the "
                     "Fine-pruning view or pick it in the LR sweep, check it in the Activations "
                     "view, and weigh it against STRIP and the goodnets in the Comparison view."),
                  tr("<b>Filter its inputs?</b> Keep B (or B') and reject suspicious inputs "
                     "instead: STRIP flags inputs whose predictions stay confident under "
                     "superimposition, the goodnets G and G' reject inputs on which two models "
                     "disagree (Comparison view), and the Inspector gives every verdict for one "
                     "image."));
    h += QStringLiteral("<h3><a name=\"workflow\"></a>%1</h3><p>%2</p>")
             .arg(tr("Workflow"),
                  tr("File &gt; Open (Ctrl+O) loads B, the clean test set (for CCA), clean data "
                     "to rank the channels and fine-tune on (without it, 20 % of the clean test "
                     "data is held out for that) and the poisoned sets (for ASR); the workspace "
                     "panel on the left lists them. The pruning curve then starts by itself. Go "
                     "through the views in tab order; every job shows its progress in the status "
                     "bar, and Esc cancels it. File &gt; Save Session keeps the whole analysis, "
                     "File &gt; Export the plots, the numbers and the models."));
    for (int i = 0; i < views.size() && i < bodies.size(); ++i) {
        const QString title = i < viewTitles.size() ? viewTitles[i] : views[i];
        const QString shortcut = QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i))
                                     .toString(QKeySequence::NativeText);
        h += QStringLiteral("<h4><a name=\"%1\"></a>%2. %3 (%4)</h4><p>%5</p>")
                 .arg(views[i])
                 .arg(i + 1)
                 .arg(title.toHtmlEscaped(), shortcut.toHtmlEscaped(), bodies[i]);
    }
    h += QStringLiteral("<h3><a name=\"terms\"></a>%1</h3><dl>").arg(tr("Terms"));
    for (int i = 0; i < terms.size() && i < definitions.size(); ++i)
        h += QStringLiteral("<dt><b>%1</b></dt><dd>%2</dd>")
                 .arg(terms[i].toHtmlEscaped(), definitions[i]);
    h += QStringLiteral("</dl><p><i>%1</i></p>")
             .arg(tr("Every setting of the views has a tooltip that says what it does and its "
                     "default. F1 opens this guide at the section of the current view."));
    return h;
}

HelpDialog::HelpDialog(const QStringList& viewTitles, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("helpDialog"));
    setWindowTitle(tr("BackdoorLab user guide"));
    setModal(false);
    m_browser = new QTextBrowser(this);
    m_browser->setObjectName(QStringLiteral("helpBrowser"));
    m_browser->setOpenLinks(false); // the guide has no links; anchors only
    m_browser->setHtml(html(viewTitles));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_browser, 1);
    layout->addWidget(buttons);
    resize(kWidth, kHeight);
}

void HelpDialog::showSection(const QString& view) {
    m_section = screenshotViews().contains(view) ? view : QString();
    if (m_section.isEmpty())
        m_browser->verticalScrollBar()->setValue(0);
    else
        m_browser->scrollToAnchor(m_section);
}

} // namespace bdl::app
