#include "incidents/IncidentRecords.h"

#include "incidents/DecisionsPanel.h"
#include "incidents/ReportsPanel.h"
#include "incidents/TimelinePanel.h"
#include "session/Services.h"
#include "session/Session.h"
#include "widgets/Banner.h"

#include <QVBoxLayout>

namespace art32::ui {

using namespace art32::incidents;

IncidentRecords::IncidentRecords(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_banner(new Banner(this))
    , m_decisions(new DecisionsPanel(session, this))
    , m_reports(new ReportsPanel(session, this))
    , m_timeline(new TimelinePanel(session, this))
{
    setObjectName(QStringLiteral("incidentRecords"));
    m_banner->setObjectName(QStringLiteral("recordsBanner"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_decisions);
    layout->addWidget(m_reports);
    layout->addWidget(m_timeline);
    const auto failed = [this](const QString& message) {
        m_banner->showMessage(Level::Error, message);
    };
    connect(m_decisions, &DecisionsPanel::failed, this, failed);
    connect(m_reports, &ReportsPanel::failed, this, failed);
    connect(m_timeline, &TimelinePanel::failed, this, failed);
    connect(m_reports, &ReportsPanel::succeeded, this,
            [this](const QString& message) { m_banner->showMessage(Level::Ok, message); });
    connect(m_decisions, &DecisionsPanel::recorded, this, &IncidentRecords::reloadRecords);
    connect(m_reports, &ReportsPanel::recorded, this, &IncidentRecords::reloadRecords);
    connect(m_timeline, &TimelinePanel::recorded, this, &IncidentRecords::reloadRecords);
}

void IncidentRecords::setIncident(const Incident& incident, bool canEdit)
{
    m_canEdit = canEdit;
    m_decisions->setIncident(incident, canEdit);
    m_reports->setIncident(incident, canEdit);
    m_timeline->setIncident(incident, canEdit);
}

void IncidentRecords::setFormIncident(const Incident& incident)
{
    m_decisions->setFormIncident(incident);
}

void IncidentRecords::reloadRecords(qint64 id)
{
    m_session->request(
        this, [id](Services& s) { return s.incident(id); },
        [this](Result<Incident> r) {
            if (!r) {
                m_banner->showMessage(Level::Error, r.error().message);
                return;
            }
            m_banner->hide();
            setIncident(r.value(), m_canEdit);
            emit recordsChanged(r.value());
        });
}

} // namespace art32::ui
