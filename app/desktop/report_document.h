#pragma once
/// @file report_document.h
/// The analysis report as a document: headings, paragraphs, the three verdicts, tables and
/// figures (SVG, rendered from the app's own plot widgets), and its two renderings, both made in
/// memory with Qt alone (no browser, no LaTeX):
/// - PDF (A4): text laid out by QTextDocument, figures drawn from their SVG by QSvgRenderer, so
///   they stay vector graphics (and their axis labels stay text); a block that does not fit on the
///   rest of a page starts a new one, a table taller than a page continues over pages;
/// - HTML: one self-contained file, each figure embedded as a data: URL of its SVG.
/// writeReport() writes both files atomically (QSaveFile), the HTML beside the PDF with the
/// suffix .html, the PDF last: a failure leaves the old PDF (if any) whole.
///
/// Thread: GUI thread (QTextDocument, QSvgRenderer need a QGuiApplication). Errors: returned.
#include <QtCore/QByteArray>
#include <QtCore/QSize>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVector>

namespace bdl::app {

struct ReportBlock {
    enum Kind { Heading, Paragraph, Note, Verdict, Table, Figure };
    Kind kind = Paragraph;
    int level = 1;        ///< Heading: 1 (section) or 2 (subsection)
    QString text;         ///< Heading, Paragraph, Note; Verdict: the question; Figure: the caption
    QString answer;       ///< Verdict: the one-line answer
    QString verdictLevel; ///< Verdict: "yes", "partly", "no" or "unknown"
    QString detail;       ///< Verdict: the evidence paragraph
    QStringList header;   ///< Table: column titles (empty: a two-column key/value table)
    QVector<QStringList> rows; ///< Table
    QByteArray svg;            ///< Figure
    QSize size;                ///< Figure: logical size of the SVG (its aspect ratio is kept)
};

class ReportDocument {
public:
    QString title;
    QString subtitle; ///< under the title: model, date
    QVector<ReportBlock> blocks;

    void heading(const QString& text, int level = 1);
    void paragraph(const QString& text);
    /// A smaller, grey paragraph (definitions, caveats).
    void note(const QString& text);
    void verdict(const QString& question, const QString& level, const QString& answer,
                 const QString& detail);
    /// Key/value rows, two columns.
    void keyValues(const QVector<QStringList>& rows);
    void table(const QStringList& header, const QVector<QStringList>& rows);
    /// Empty `svg` adds nothing.
    void figure(const QByteArray& svg, const QSize& size, const QString& caption);

    /// The text of every block in order (headings, paragraphs, table cells, captions), one block
    /// per line: what a text extraction of the PDF contains.
    QString plainText() const;
};

/// The HTML file's bytes (UTF-8).
QByteArray reportHtml(const ReportDocument& doc);
/// The PDF file's bytes; empty (and `error` set) when rendering failed.
QByteArray reportPdf(const ReportDocument& doc, QString* error);
/// The HTML file written beside `pdfPath`: the same path with the suffix .html.
QString reportHtmlPath(const QString& pdfPath);
/// Renders both and writes both atomically; false with `error` naming the file on failure.
bool writeReport(const ReportDocument& doc, const QString& pdfPath, QString* error);

} // namespace bdl::app
