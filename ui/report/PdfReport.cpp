#include "report/PdfReport.h"

#include <QCoreApplication>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

namespace art32::report {

Result<void> writePdf(const QString& html, const QString& title, const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error {
            QStringLiteral("export.write"),
            QCoreApplication::translate("art32::report", "Could not write %1: %2").arg(path, file.errorString())
        };
    // The report names people's data categories and counts: readable by its owner only, before the first byte.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    {
        QPdfWriter pdf(&file);
        pdf.setTitle(title);
        pdf.setCreator(QStringLiteral("Art32 Console"));
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setResolution(300);
        pdf.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout::Millimeter);
        QTextDocument doc;
        doc.setHtml(html);
        doc.print(&pdf);
    }
    if (!file.commit())
        return Error {
            QStringLiteral("export.write"),
            QCoreApplication::translate("art32::report", "Could not write %1: %2").arg(path, file.errorString())
        };
    return {};
}

} // namespace art32::report
