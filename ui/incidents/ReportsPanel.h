#pragma once

#include "core/Result.h"
#include "incidents/Incident.h"

#include <QGroupBox>

class QDialog;
class QLabel;
class QPushButton;
class QTreeWidget;

namespace art32 {
class Session;
}

namespace art32::ui {

/**
 * Phased reports (Art. 33(4)): the reports sent to the authority, each a frozen snapshot under the AP's report
 * number (meldingsnummer): the initial notification, then supplements 1, 2, … "Record report sent…" asks the
 * number and the time it was sent and freezes the incident as it is saved now (art32.incident_report). A frozen
 * report opens read-only, exactly as the authority was told, and exports as PDF or JSON.
 */
class ReportsPanel : public QGroupBox
{
    Q_OBJECT
public:
    ReportsPanel(Session* session, QWidget* parent = nullptr);

    void setIncident(const incidents::Incident& incident, bool canEdit);
    /** Freezes the saved incident as the next report (what the dialog of "Record report sent…" does). */
    void recordReport(const QString& reportNumber, const QDateTime& sentAt);
    /** Shows report seq read-only in a window of its own; the window, or nullptr when there is no such report. */
    QDialog* openReport(int seq);
    /** Writes report seq as PDF or JSON in the UI's language (readable by the user alone). */
    Result<void> exportReport(int seq, bool pdf, const QString& path) const;
    /** The frozen report's HTML as openReport() shows it (empty when there is none). */
    QString reportHtml(int seq) const;

signals:
    void recorded(qint64 incidentId);
    void failed(const QString& message);
    void succeeded(const QString& message);

private:
    void showList();
    int selectedSeq() const;
    void askAndRecord();
    void exportSelected(bool pdf);
    void updateButtons();

    Session* m_session;
    incidents::Incident m_incident;
    bool m_canEdit = false;
    QTreeWidget* m_list;
    QLabel* m_why;
    QPushButton* m_recordButton;
    QPushButton* m_openButton;
    QPushButton* m_pdfButton;
    QPushButton* m_jsonButton;
};

} // namespace art32::ui
