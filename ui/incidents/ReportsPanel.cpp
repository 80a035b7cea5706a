#include "incidents/ReportsPanel.h"

#include "core/TimeFormat.h"
#include "incidents/Export.h"
#include "incidents/IncidentStore.h"
#include "report/PdfReport.h"
#include "session/Services.h"
#include "session/Session.h"
#include "widgets/Dialogs.h"

#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace art32::ui {

using namespace art32::incidents;

ReportsPanel::ReportsPanel(Session* session, QWidget* parent)
    : QGroupBox(tr("Reports sent to the authority"), parent)
    , m_session(session)
    , m_list(new QTreeWidget(this))
    , m_why(new QLabel(this))
    , m_recordButton(new QPushButton(tr("Record report sent…"), this))
    , m_openButton(new QPushButton(tr("Open report"), this))
    , m_pdfButton(new QPushButton(tr("Export report as PDF…"), this))
    , m_jsonButton(new QPushButton(tr("Export report as JSON…"), this))
{
    setObjectName(QStringLiteral("reportsPanel"));
    m_list->setObjectName(QStringLiteral("reportList"));
    m_list->setAccessibleName(tr("Reports sent to the authority"));
    m_list->setHeaderLabels({ tr("Report"), tr("Report number"), tr("Sent at"), tr("Recorded by") });
    m_list->setRootIsDecorated(false);
    m_list->header()->setStretchLastSection(true);
    m_list->setMinimumHeight(m_list->fontMetrics().lineSpacing() * 5);
    m_why->setObjectName(QStringLiteral("reportWhy"));
    m_why->setWordWrap(true);
    m_recordButton->setObjectName(QStringLiteral("recordReportButton"));
    m_openButton->setObjectName(QStringLiteral("openReportButton"));
    m_pdfButton->setObjectName(QStringLiteral("exportReportPdfButton"));
    m_jsonButton->setObjectName(QStringLiteral("exportReportJsonButton"));

    auto* intro = new QLabel(tr("Each report is frozen as it was sent (Art. 33(4)): the initial notification, then "
                                "supplements. Open one to see exactly what the authority was told."),
                             this);
    intro->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_recordButton);
    buttons->addStretch(1);
    buttons->addWidget(m_openButton);
    buttons->addWidget(m_pdfButton);
    buttons->addWidget(m_jsonButton);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list);
    layout->addLayout(buttons);
    layout->addWidget(m_why);

    connect(m_recordButton, &QPushButton::clicked, this, &ReportsPanel::askAndRecord);
    connect(m_openButton, &QPushButton::clicked, this, [this] {
        if (const int seq = selectedSeq())
            openReport(seq);
    });
    connect(m_list, &QTreeWidget::itemActivated, this, [this] {
        if (const int seq = selectedSeq())
            openReport(seq);
    });
    connect(m_pdfButton, &QPushButton::clicked, this, [this] { exportSelected(true); });
    connect(m_jsonButton, &QPushButton::clicked, this, [this] { exportSelected(false); });
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &ReportsPanel::updateButtons);
    setIncident({}, false);
}

void ReportsPanel::setIncident(const Incident& incident, bool canEdit)
{
    m_incident = incident;
    m_canEdit = canEdit && incident.id != 0;
    m_recordButton->setVisible(canEdit);
    showList();
    updateButtons();
}

void ReportsPanel::showList()
{
    m_list->clear();
    for (const Report& r : m_incident.reports) {
        auto* item = new QTreeWidgetItem(
            m_list, { reportName(r, uiLang()), r.reportNumber, timefmt::absolute(r.sentAt), r.recordedBy });
        item->setData(0, Qt::UserRole, r.seq);
    }
    if (!m_incident.reports.isEmpty())
        m_list->setCurrentItem(m_list->topLevelItem(m_list->topLevelItemCount() - 1));
    m_list->resizeColumnToContents(0);
    m_list->resizeColumnToContents(2);
}

int ReportsPanel::selectedSeq() const
{
    const QTreeWidgetItem* item = m_list->currentItem();
    return item ? item->data(0, Qt::UserRole).toInt() : 0;
}

void ReportsPanel::updateButtons()
{
    const bool chosen = selectedSeq() != 0;
    m_openButton->setEnabled(chosen);
    m_pdfButton->setEnabled(chosen);
    m_jsonButton->setEnabled(chosen);
    const auto notify = m_incident.latest(QStringLiteral("notify_authority"));
    const bool mayReport = m_canEdit && notify && notify->decision;
    m_recordButton->setEnabled(mayReport);
    QString why;
    if (m_incident.id && m_incident.reports.isEmpty())
        why = tr("No report sent yet.");
    if (m_canEdit && !mayReport)
        why += (why.isEmpty() ? QString() : QStringLiteral(" "))
            + tr("A report can be recorded once a CTO has decided to notify the authority.");
    m_why->setText(why);
    m_why->setVisible(!why.isEmpty());
}

void ReportsPanel::askAndRecord()
{
    const int next = int(m_incident.reports.size()) + 1;
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("recordReportDialog"));
    dialog.setWindowTitle(tr("Record report sent"));
    auto* text = new QLabel(&dialog);
    text->setWordWrap(true);
    text->setText(next == 1 ? tr("This freezes incident %1 as it is saved now as the initial notification. Save the "
                                 "form first: unsaved changes are not part of the report.")
                                  .arg(m_incident.id)
                            : tr("This freezes incident %1 as it is saved now as supplement %2. Save the form first: "
                                 "unsaved changes are not part of the report.")
                                  .arg(m_incident.id)
                                  .arg(next - 1));
    auto* number = new QLineEdit(m_incident.reportNumber, &dialog);
    number->setObjectName(QStringLiteral("reportNumberEdit"));
    number->setAccessibleName(tr("The authority's report number"));
    number->setMaxLength(100);
    if (!m_incident.reportNumber.isEmpty()) {
        // Every report of an incident goes under its one report number.
        number->setReadOnly(true);
        number->setToolTip(tr("Supplements go under the number of the initial notification."));
    }
    auto* sent = new QDateTimeEdit(QDateTime::currentDateTime(), &dialog);
    sent->setObjectName(QStringLiteral("reportSentAtEdit"));
    sent->setAccessibleName(tr("Sent at"));
    sent->setCalendarPopup(true);
    sent->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm t"));
    sent->setMaximumDateTime(QDateTime::currentDateTime().addSecs(300));
    auto* form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->addRow(tr("Report number (meldingsnummer)"), number);
    form->addRow(tr("Sent at (local time)"), sent);
    auto* box = new QDialogButtonBox(&dialog);
    auto* ok = box->addButton(next == 1 ? tr("Freeze initial notification") : tr("Freeze supplement %1").arg(next - 1),
                              QDialogButtonBox::AcceptRole);
    box->addButton(QDialogButtonBox::Cancel);
    ok->setEnabled(!number->text().trimmed().isEmpty());
    connect(number, &QLineEdit::textChanged, ok, [ok](const QString& t) { ok->setEnabled(!t.trimmed().isEmpty()); });
    connect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(text);
    layout->addLayout(form);
    layout->addWidget(box);
    fitDialog(&dialog);
    if (dialog.exec() != QDialog::Accepted)
        return;
    recordReport(number->text().trimmed(), sent->dateTime().toUTC());
}

void ReportsPanel::recordReport(const QString& reportNumber, const QDateTime& sentAt)
{
    const qint64 id = m_incident.id;
    if (!id)
        return;
    m_recordButton->setEnabled(false);
    m_session->request(
        this, [id, reportNumber, sentAt](Services& s) { return s.reportIncident(id, reportNumber, sentAt); },
        [this, id](Result<int> r) {
            updateButtons();
            if (!r) {
                emit failed(tr("The report was not recorded: %1").arg(r.error().message));
                return;
            }
            emit recorded(id);
        });
}

QString ReportsPanel::reportHtml(int seq) const
{
    const auto frozen = asReported(m_incident, seq);
    if (!frozen)
        return {};
    for (const Report& r : m_incident.reports)
        if (r.seq == seq)
            return frozenReportHtml(frozen.value(), r, uiLang(), Clock::system());
    return {};
}

QDialog* ReportsPanel::openReport(int seq)
{
    const QString html = reportHtml(seq);
    if (html.isEmpty())
        return nullptr;
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("frozenReportWindow"));
    dialog->setWindowTitle(tr("Incident %1: report %2 as sent (read-only)").arg(m_incident.id).arg(seq));
    auto* browser = new QTextBrowser(dialog);
    browser->setObjectName(QStringLiteral("frozenReportText"));
    browser->setAccessibleName(tr("The report as sent"));
    browser->setHtml(html);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    auto* pdf = box->addButton(tr("Export as PDF…"), QDialogButtonBox::ActionRole);
    auto* json = box->addButton(tr("Export as JSON…"), QDialogButtonBox::ActionRole);
    connect(box, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    const auto exportThis = [this, seq](bool asPdf) {
        for (int k = 0; k < m_list->topLevelItemCount(); ++k)
            if (m_list->topLevelItem(k)->data(0, Qt::UserRole).toInt() == seq)
                m_list->setCurrentItem(m_list->topLevelItem(k));
        exportSelected(asPdf);
    };
    connect(pdf, &QPushButton::clicked, this, [exportThis] { exportThis(true); });
    connect(json, &QPushButton::clicked, this, [exportThis] { exportThis(false); });
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(browser, 1);
    layout->addWidget(box);
    dialog->resize(dialog->fontMetrics().averageCharWidth() * 100, dialog->fontMetrics().lineSpacing() * 40);
    dialog->show();
    return dialog;
}

void ReportsPanel::exportSelected(bool pdf)
{
    const int seq = selectedSeq();
    if (!seq)
        return;
    const QString suggested = QStringLiteral("incident-%1-report-%2.%3")
                                  .arg(m_incident.id)
                                  .arg(seq)
                                  .arg(pdf ? QStringLiteral("pdf") : QStringLiteral("json"));
    const QString path
        = QFileDialog::getSaveFileName(this, pdf ? tr("Export report as PDF") : tr("Export report as JSON"), suggested,
                                       pdf ? tr("PDF (*.pdf)") : tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    const Result<void> written = exportReport(seq, pdf, path);
    if (!written)
        emit failed(written.error().message);
    else
        emit succeeded(tr("Report %1 exported to %2.").arg(seq).arg(path));
}

Result<void> ReportsPanel::exportReport(int seq, bool pdf, const QString& path) const
{
    const auto frozen = asReported(m_incident, seq);
    if (!frozen)
        return frozen.error();
    const Report* sent = nullptr;
    for (const Report& r : m_incident.reports)
        if (r.seq == seq)
            sent = &r;
    const Lang lang = uiLang();
    if (pdf)
        return report::writePdf(frozenReportHtml(frozen.value(), *sent, lang, Clock::system()),
                                tr("Incident %1, report %2").arg(m_incident.id).arg(seq), path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error { QStringLiteral("export.write"), tr("Could not write %1: %2").arg(path, file.errorString()) };
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(frozenReportJson(frozen.value(), *sent, lang, Clock::system()));
    if (!file.commit())
        return Error { QStringLiteral("export.write"), tr("Could not write %1: %2").arg(path, file.errorString()) };
    return {};
}

} // namespace art32::ui
