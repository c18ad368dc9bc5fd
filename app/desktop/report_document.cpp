#include "app/desktop/report_document.h"

#include <QtCore/QDir>

#include <QtCore/QBuffer>
#include <QtCore/QFileInfo>
#include <QtCore/QSaveFile>
#include <QtGui/QAbstractTextDocumentLayout>
#include <QtGui/QPageLayout>
#include <QtGui/QPageSize>
#include <QtGui/QPainter>
#include <QtGui/QPdfWriter>
#include <QtGui/QTextDocument>
#include <QtSvg/QSvgRenderer>

#include <memory>

namespace bdl::app {

namespace {

QString esc(const QString& s) { return s.toHtmlEscaped(); }

/// The colour of a verdict's answer.
QString levelColour(const QString& level) {
    if (level == QLatin1String("yes"))
        return QStringLiteral("#1b7a2e");
    if (level == QLatin1String("no"))
        return QStringLiteral("#b3261e");
    if (level == QLatin1String("partly"))
        return QStringLiteral("#9a6700");
    return QStringLiteral("#555555");
}

QString tableHtml(const ReportBlock& b) {
    QString h =
        QStringLiteral(
            "<table class=\"%1\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\" width=\"100%\">")
            .arg(b.header.isEmpty() ? QStringLiteral("kv") : QStringLiteral("grid"));
    if (!b.header.isEmpty()) {
        h += QStringLiteral("<thead><tr>");
        for (const auto& c : b.header)
            h += QStringLiteral("<th>%1</th>").arg(esc(c));
        h += QStringLiteral("</tr></thead>");
    }
    h += QStringLiteral("<tbody>");
    for (const auto& row : b.rows) {
        h += QStringLiteral("<tr>");
        for (int i = 0; i < row.size(); ++i)
            h += (b.header.isEmpty() && i == 0 ? QStringLiteral("<th>%1</th>")
                                               : QStringLiteral("<td>%1</td>"))
                     .arg(esc(row[i]));
        h += QStringLiteral("</tr>");
    }
    return h + QStringLiteral("</tbody></table>");
}

/// The HTML of a text block (everything but figures), shared by both renderings.
QString blockHtml(const ReportBlock& b) {
    switch (b.kind) {
    case ReportBlock::Heading:
        return QStringLiteral("<h%1>%2</h%1>").arg(b.level + 1).arg(esc(b.text));
    case ReportBlock::Paragraph:
        return QStringLiteral("<p>%1</p>").arg(esc(b.text));
    case ReportBlock::Note:
        return QStringLiteral("<p class=\"note\">%1</p>").arg(esc(b.text));
    case ReportBlock::Verdict:
        return QStringLiteral("<h3>%1</h3><p class=\"answer\" style=\"color:%2\"><b>%3</b></p>"
                              "<p>%4</p>")
            .arg(esc(b.text), levelColour(b.verdictLevel), esc(b.answer), esc(b.detail));
    case ReportBlock::Table:
        return tableHtml(b);
    case ReportBlock::Figure:
        break;
    }
    return {};
}

const char* kCss = "body{font-family:'DejaVu Sans',sans-serif;font-size:10pt;color:#1a1a1a;"
                   "max-width:60em;margin:2em auto;padding:0 1em}"
                   "h1{font-size:18pt;margin-bottom:0.2em}"
                   "h2{font-size:14pt;border-bottom:1px solid #999;margin-top:1.4em}"
                   "h3{font-size:11pt;margin-bottom:0.2em}"
                   ".subtitle{color:#555}.note{color:#555;font-size:9pt}"
                   "table{border-collapse:collapse;margin:0.5em 0}"
                   "th,td{border:1px solid #bbb;padding:2px 6px;text-align:left;"
                   "vertical-align:top}"
                   "table.kv th{background:#f2f2f2;width:30%}thead th{background:#e8e8e8}"
                   "figure{margin:1em 0}figure img{width:100%;height:auto}"
                   "figcaption{color:#444;font-size:9pt}";

/// QTextDocument's subset of CSS for the PDF.
const char* kPdfCss = "h2{font-size:15pt}h3{font-size:12.5pt}h4{font-size:11pt}"
                      "p{margin-top:3px;margin-bottom:3px}.note{color:#555555;font-size:8.5pt}"
                      "th{background-color:#ececec;text-align:left}"
                      "td,th{border-color:#bbbbbb}";

/// Lays out and paints blocks onto A4 pages.
class PdfFlow {
public:
    PdfFlow(QPdfWriter* writer, QPainter* painter)
        : m_writer(writer), m_painter(painter), m_width(writer->width()),
          m_height(writer->height()) {}

    void text(const QString& html) {
        QTextDocument doc;
        doc.documentLayout()->setPaintDevice(m_writer);
        QFont font(QStringLiteral("DejaVu Sans"), 9);
        // No shaping for Latin text, so no ligatures: "ff" in a SHA-256 or "fi" in a file name
        // stays two letters for a reader who copies them out of the PDF.
        font.setStyleStrategy(QFont::PreferNoShaping);
        doc.setDefaultFont(font);
        doc.setDefaultStyleSheet(QString::fromLatin1(kPdfCss));
        doc.setHtml(html);
        doc.setTextWidth(m_width);
        const double h = doc.size().height();
        if (h <= m_height - m_y) {
            paint(doc, 0, h);
            m_y += h;
            return;
        }
        if (h <= m_height) {
            newPage();
            paint(doc, 0, h);
            m_y += h;
            return;
        }
        // Taller than a page: paginate it (the layout keeps table rows and lines whole).
        if (m_y > 0)
            newPage();
        doc.setPageSize(QSizeF(m_width, m_height));
        const int pages = doc.pageCount();
        for (int p = 0; p < pages; ++p) {
            if (p > 0)
                newPage();
            paint(doc, p * m_height, m_height);
        }
        m_y = doc.size().height() - (pages - 1) * m_height;
    }

    /// Starts a new page unless `fraction` of a page is left (a heading is never the last line
    /// of a page: it keeps the start of its section with it).
    void keepRoom(double fraction) {
        if (m_y > 0 && m_height - m_y < fraction * m_height)
            newPage();
    }

    bool figure(const QByteArray& svg, const QSize& size, const QString& captionHtml) {
        QSvgRenderer renderer(svg);
        if (!renderer.isValid())
            return false;
        const double w = m_width;
        const double h = size.width() > 0 ? w * size.height() / size.width() : w * 0.6;
        // Keep the figure and the first line of its caption together.
        if (m_y + h > m_height * 0.98 && m_y > 0)
            newPage();
        renderer.render(m_painter, QRectF(0, m_y, w, h));
        m_y += h;
        text(captionHtml);
        m_y += m_height * 0.01;
        return true;
    }

private:
    void paint(QTextDocument& doc, double from, double height) {
        m_painter->save();
        m_painter->translate(0, m_y - from);
        QAbstractTextDocumentLayout::PaintContext ctx;
        ctx.clip = QRectF(0, from, m_width, height);
        m_painter->setClipRect(ctx.clip);
        doc.documentLayout()->draw(m_painter, ctx);
        m_painter->restore();
    }

    void newPage() {
        m_writer->newPage();
        m_y = 0;
    }

    QPdfWriter* m_writer;
    QPainter* m_painter;
    double m_width, m_height;
    double m_y = 0;
};

} // namespace

void ReportDocument::heading(const QString& text, int level) {
    ReportBlock b;
    b.kind = ReportBlock::Heading;
    b.text = text;
    b.level = level;
    blocks.push_back(b);
}

void ReportDocument::paragraph(const QString& text) {
    ReportBlock b;
    b.kind = ReportBlock::Paragraph;
    b.text = text;
    blocks.push_back(b);
}

void ReportDocument::note(const QString& text) {
    ReportBlock b;
    b.kind = ReportBlock::Note;
    b.text = text;
    blocks.push_back(b);
}

void ReportDocument::verdict(const QString& question, const QString& level, const QString& answer,
                             const QString& detail) {
    ReportBlock b;
    b.kind = ReportBlock::Verdict;
    b.text = question;
    b.verdictLevel = level;
    b.answer = answer;
    b.detail = detail;
    blocks.push_back(b);
}

void ReportDocument::keyValues(const QVector<QStringList>& rows) { table({}, rows); }

void ReportDocument::table(const QStringList& header, const QVector<QStringList>& rows) {
    ReportBlock b;
    b.kind = ReportBlock::Table;
    b.header = header;
    b.rows = rows;
    blocks.push_back(b);
}

void ReportDocument::figure(const QByteArray& svg, const QSize& size, const QString& caption) {
    if (svg.isEmpty())
        return;
    ReportBlock b;
    b.kind = ReportBlock::Figure;
    b.svg = svg;
    b.size = size;
    b.text = caption;
    blocks.push_back(b);
}

QString ReportDocument::plainText() const {
    QStringList lines{title, subtitle};
    for (const auto& b : blocks) {
        switch (b.kind) {
        case ReportBlock::Verdict:
            lines << b.text << b.answer << b.detail;
            break;
        case ReportBlock::Table:
            lines << b.header.join(QLatin1Char(' '));
            for (const auto& r : b.rows)
                lines << r.join(QLatin1Char(' '));
            break;
        default:
            lines << b.text;
        }
    }
    return lines.join(QLatin1Char('\n'));
}

QByteArray reportHtml(const ReportDocument& doc) {
    QString h = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                               "<title>%1</title><style>%2</style></head><body>\n")
                    .arg(esc(doc.title), QString::fromLatin1(kCss));
    h += QStringLiteral("<h1>%1</h1><p class=\"subtitle\">%2</p>\n")
             .arg(esc(doc.title), esc(doc.subtitle));
    for (const auto& b : doc.blocks) {
        if (b.kind == ReportBlock::Figure)
            h += QStringLiteral("<figure><img alt=\"%1\" width=\"%2\" height=\"%3\" "
                                "src=\"data:image/svg+xml;base64,%4\"><figcaption>%1</figcaption>"
                                "</figure>\n")
                     .arg(esc(b.text))
                     .arg(b.size.width())
                     .arg(b.size.height())
                     .arg(QString::fromLatin1(b.svg.toBase64()));
        else
            h += blockHtml(b) + QLatin1Char('\n');
    }
    h += QStringLiteral("</body></html>\n");
    return h.toUtf8();
}

QByteArray reportPdf(const ReportDocument& doc, QString* error) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setTitle(doc.title);
        writer.setCreator(QStringLiteral("BackdoorLab"));
        writer.setResolution(300);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                         QMarginsF(18, 16, 18, 16), QPageLayout::Millimeter));
        QPainter painter;
        if (!painter.begin(&writer)) {
            if (error)
                *error = QStringLiteral("the PDF renderer could not start");
            return {};
        }
        PdfFlow flow(&writer, &painter);
        flow.text(QStringLiteral("<h1 style=\"font-size:20pt\">%1</h1><p style=\"color:#555555\">"
                                 "%2</p>")
                      .arg(esc(doc.title), esc(doc.subtitle)));
        for (const auto& b : doc.blocks) {
            if (b.kind != ReportBlock::Figure) {
                if (b.kind == ReportBlock::Heading)
                    flow.keepRoom(0.15);
                flow.text(blockHtml(b));
                continue;
            }
            if (!flow.figure(b.svg, b.size,
                             QStringLiteral("<p class=\"note\">%1</p>").arg(esc(b.text)))) {
                if (error)
                    *error = QStringLiteral("the figure '%1' could not be drawn").arg(b.text);
                painter.end();
                return {};
            }
        }
        painter.end();
    }
    if (bytes.size() < 64 || !bytes.startsWith("%PDF")) {
        if (error)
            *error = QStringLiteral("the PDF renderer produced no document");
        return {};
    }
    return bytes;
}

QString reportHtmlPath(const QString& pdfPath) {
    const QFileInfo f(pdfPath);
    return f.dir().filePath(f.completeBaseName() + QStringLiteral(".html"));
}

bool writeReport(const ReportDocument& doc, const QString& pdfPath, QString* error) {
    QString why;
    const QByteArray pdf = reportPdf(doc, &why);
    if (pdf.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(pdfPath, why);
        return false;
    }
    const QByteArray html = reportHtml(doc);
    // Both committed only when both are written: the HTML first (the PDF is what the user asked
    // for; a failure at the HTML leaves an older PDF untouched).
    QSaveFile htmlFile(reportHtmlPath(pdfPath));
    QSaveFile pdfFile(pdfPath);
    for (auto* f : {&htmlFile, &pdfFile}) {
        const QByteArray& data = f == &htmlFile ? html : pdf;
        if (!f->open(QIODevice::WriteOnly) || f->write(data) != data.size()) {
            if (error)
                *error = QStringLiteral("%1: %2").arg(f->fileName(), f->errorString());
            htmlFile.cancelWriting();
            pdfFile.cancelWriting();
            return false;
        }
    }
    for (auto* f : {&htmlFile, &pdfFile}) {
        if (!f->commit()) {
            if (error)
                *error = QStringLiteral("%1: %2").arg(f->fileName(), f->errorString());
            pdfFile.cancelWriting();
            return false;
        }
    }
    return true;
}

} // namespace bdl::app
