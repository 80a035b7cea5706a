#pragma once

#include "incidents/Incident.h"

#include <QWidget>

namespace art32 {
class Session;
}

namespace art32::ui {

class Banner;
class DecisionsPanel;
class ReportsPanel;
class TimelinePanel;

/**
 * The incident form's records (i14-decisions): decisions, reports sent and the timeline, under the AP's chapters.
 * Each is append-only on the server. After one is recorded this reloads the incident and hands it to
 * recordsChanged(), so the form takes the new records without touching the user's unsaved input.
 */
class IncidentRecords : public QWidget
{
    Q_OBJECT
public:
    IncidentRecords(Session* session, QWidget* parent = nullptr);

    void setIncident(const incidents::Incident& incident, bool canEdit);
    /** The form's unsaved answers (the Art. 34(3)(a) hint). */
    void setFormIncident(const incidents::Incident& incident);

    DecisionsPanel* decisions() const { return m_decisions; }
    ReportsPanel* reports() const { return m_reports; }
    TimelinePanel* timeline() const { return m_timeline; }

signals:
    /** The incident as the server has it after a record was added (fields may be newer than the form's). */
    void recordsChanged(const incidents::Incident& fresh);

private:
    void reloadRecords(qint64 id);

    Session* m_session;
    Banner* m_banner;
    DecisionsPanel* m_decisions;
    ReportsPanel* m_reports;
    TimelinePanel* m_timeline;
    bool m_canEdit = false;
};

} // namespace art32::ui
