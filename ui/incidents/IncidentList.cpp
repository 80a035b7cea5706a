#include "incidents/IncidentList.h"

#include "incidents/IncidentStore.h"
#include "incidents/Rules.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <limits>

namespace art32::ui {

using namespace art32::incidents;

bool IncidentSortItem::operator<(const QTableWidgetItem& other) const
{
    const QVariant mine = data(kIncidentSortRole);
    const QVariant theirs = other.data(kIncidentSortRole);
    if (mine.isValid() && theirs.isValid())
        return mine.toLongLong() < theirs.toLongLong();
    return QTableWidgetItem::operator<(other);
}

int severityRank(const QString& key)
{
    const auto s = severityFromKey(key);
    return s ? static_cast<int>(*s) + 1 : 0;
}

qint64 clockUrgency(const Incident& i, const Clock& clock)
{
    constexpr qint64 kLater = std::numeric_limits<qint32>::max();
    if (i.state == State::Closed)
        return 3 * kLater;
    const DeadlineState d = deadlineState(i, clock);
    switch (d.kind) {
    case DeadlineState::Overdue:
        return -d.seconds;
    case DeadlineState::Running:
        return d.seconds;
    case DeadlineState::NotStarted:
        return kLater;
    default:
        return 2 * kLater;
    }
}

namespace {

enum ClockFilter { AnyClock, Overdue, DueWithinDay, Running, NotStarted, Done };

} // namespace

IncidentFilters::IncidentFilters(QWidget* parent)
    : QWidget(parent)
    , m_severity(new QComboBox(this))
    , m_clock(new QComboBox(this))
    , m_assignee(new QComboBox(this))
{
    m_severity->setObjectName(QStringLiteral("severityFilter"));
    m_severity->setAccessibleName(tr("Filter by severity"));
    m_severity->addItem(tr("Any severity"), QString());
    m_severity->addItem(tr("Severity not answered"), QStringLiteral("-"));
    for (int s = 0; s < 4; ++s) {
        const QString key = severityKey(static_cast<Severity>(s));
        m_severity->addItem(choiceLabel(key, uiLang()), key);
    }
    m_clock->setObjectName(QStringLiteral("clockFilter"));
    m_clock->setAccessibleName(tr("Filter by the 72-hour clock"));
    m_clock->addItem(tr("Any clock"), AnyClock);
    m_clock->addItem(tr("Overdue"), Overdue);
    m_clock->addItem(tr("Due within 24 hours"), DueWithinDay);
    m_clock->addItem(tr("Clock running"), Running);
    m_clock->addItem(tr("Clock not started"), NotStarted);
    m_clock->addItem(tr("Notified or decided not to"), Done);
    m_assignee->setObjectName(QStringLiteral("assigneeFilter"));
    m_assignee->setAccessibleName(tr("Filter by assignee"));
    m_assignee->addItem(tr("Any assignee"), QString());
    m_assignee->addItem(tr("Unassigned"), QStringLiteral("-"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_severity);
    layout->addWidget(m_clock);
    layout->addWidget(m_assignee);
    for (QComboBox* c : { m_severity, m_clock, m_assignee })
        connect(c, &QComboBox::currentIndexChanged, this, &IncidentFilters::changed);
}

void IncidentFilters::setAssignees(const QStringList& assignees)
{
    const QString current = m_assignee->currentData().toString();
    const QSignalBlocker block(m_assignee);
    while (m_assignee->count() > 2)
        m_assignee->removeItem(2);
    QStringList sorted = assignees;
    sorted.removeAll(QString());
    sorted.removeDuplicates();
    sorted.sort(Qt::CaseInsensitive);
    for (const QString& a : sorted)
        m_assignee->addItem(a, a);
    const int keep = m_assignee->findData(current);
    m_assignee->setCurrentIndex(keep >= 0 ? keep : 0);
}

bool IncidentFilters::accepts(const Incident& i, const Clock& clock) const
{
    const QString severity = m_severity->currentData().toString();
    const QString sev = i.text(QStringLiteral("q9_severity"));
    if (!severity.isEmpty() && (severity == QLatin1String("-") ? !sev.isEmpty() : sev != severity))
        return false;
    const QString assignee = m_assignee->currentData().toString();
    if (!assignee.isEmpty() && (assignee == QLatin1String("-") ? !i.assignee.isEmpty() : i.assignee != assignee))
        return false;
    const DeadlineState d = deadlineState(i, clock);
    const bool open = i.state != State::Closed;
    switch (static_cast<ClockFilter>(m_clock->currentData().toInt())) {
    case AnyClock:
        return true;
    case Overdue:
        return open && d.kind == DeadlineState::Overdue;
    case DueWithinDay:
        return open && d.kind == DeadlineState::Running && d.seconds <= 24 * 3600;
    case Running:
        return open && d.kind == DeadlineState::Running;
    case NotStarted:
        return open && d.kind == DeadlineState::NotStarted;
    case Done:
        return d.kind == DeadlineState::Met || d.kind == DeadlineState::MetLate || d.kind == DeadlineState::NotRequired;
    }
    return true;
}

} // namespace art32::ui
