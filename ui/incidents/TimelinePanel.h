#pragma once

#include "incidents/Incident.h"

#include <QGroupBox>

class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace art32 {
class Session;
}

namespace art32::ui {

/**
 * The incident's timeline (issue 14): append-only entries, who, when, what, written by the server's definer
 * functions as each change happens (field changes with the fields named, state changes, decisions, reports,
 * linked accounts), and free-text notes ("Add note"). Nothing here edits or removes an entry; the database refuses
 * it too (0015's ALWAYS triggers).
 */
class TimelinePanel : public QGroupBox
{
    Q_OBJECT
public:
    TimelinePanel(Session* session, QWidget* parent = nullptr);

    void setIncident(const incidents::Incident& incident, bool canEdit);
    /** An entry in words, in the UI's language: "Changed: Description of the breach, Measures taken". */
    static QString describe(const incidents::TimelineEntry& entry);

signals:
    void recorded(qint64 incidentId);
    void failed(const QString& message);

private:
    void addNote();

    Session* m_session;
    incidents::Incident m_incident;
    QTreeWidget* m_list;
    QLineEdit* m_note;
    QPushButton* m_addButton;
};

} // namespace art32::ui
