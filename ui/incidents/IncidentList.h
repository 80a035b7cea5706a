#pragma once

#include "core/Clock.h"
#include "incidents/Incident.h"

#include <QTableWidgetItem>
#include <QWidget>

class QComboBox;

namespace art32::ui {

/** The role a list cell sorts by, where its words would sort wrongly (state, severity, time left). */
constexpr int kIncidentSortRole = Qt::UserRole + 1;

/** A cell that sorts by kIncidentSortRole, falling back to its text. */
class IncidentSortItem : public QTableWidgetItem
{
public:
    using QTableWidgetItem::QTableWidgetItem;
    bool operator<(const QTableWidgetItem& other) const override;
};

/** Severity in the AP's order, 0 when not answered: negligible 1 … very large 4. */
int severityRank(const QString& key);
/**
 * How urgent the 72-hour clock is, smallest first: the most overdue, then the least time left, then the clocks
 * not started, then the ones that are done (notified, decided not to, closed).
 */
qint64 clockUrgency(const incidents::Incident& incident, const Clock& clock);

/**
 * The list's filters beyond the text and the state: severity, the 72-hour clock (overdue, due within a day, …)
 * and assignee (anyone, unassigned, or one login of those in the list).
 */
class IncidentFilters : public QWidget
{
    Q_OBJECT
public:
    explicit IncidentFilters(QWidget* parent = nullptr);

    /** The assignees the list holds, for the assignee filter (keeps the current choice when it is still there). */
    void setAssignees(const QStringList& assignees);
    bool accepts(const incidents::Incident& incident, const Clock& clock) const;

signals:
    void changed();

private:
    QComboBox* m_severity;
    QComboBox* m_clock;
    QComboBox* m_assignee;
};

} // namespace art32::ui
