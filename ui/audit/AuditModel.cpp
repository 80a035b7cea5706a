#include "audit/AuditModel.h"

#include "session/Services.h"
#include "session/Session.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTimeZone>

namespace art32::ui {

namespace {

/** What a page request brings back: the prepared filter with the first page, or the next page alone. */
struct Page
{
    audit::Query query;
    QList<audit::Entry> events;
};

} // namespace

AuditModel::AuditModel(Session* session, QObject* parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{ }

int AuditModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AuditModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditModel::timeText(const QDateTime& at)
{
    const QDateTime local = at.toLocalTime();
    const QLocale locale;
    return QStringLiteral("%1 %2 %3")
        .arg(locale.toString(local.date(), QLocale::ShortFormat), local.time().toString(QStringLiteral("HH:mm:ss")),
             local.timeZoneAbbreviation());
}

QString AuditModel::summary(const QByteArray& detail)
{
    const QJsonObject o = QJsonDocument::fromJson(detail).object();
    QStringList parts;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QJsonValue v = it.value();
        QString value;
        if (v.isString())
            value = v.toString();
        else if (v.isDouble())
            value = QString::number(v.toDouble(), 'g', 17);
        else if (v.isBool())
            value = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        else if (v.isNull())
            value = QStringLiteral("null");
        else
            value = QString::fromUtf8(QJsonDocument::fromVariant(v.toVariant()).toJson(QJsonDocument::Compact));
        parts << QStringLiteral("%1: %2").arg(it.key(), value);
    }
    QString text = parts.join(QStringLiteral(", "));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (text.size() > 160)
        text = text.left(159) + QChar(0x2026);
    return text;
}

QVariant AuditModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const audit::Entry& e = m_rows.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() == Account)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Time:
            return tr("Event %1 at %2 UTC").arg(e.seq).arg(e.at.toUTC().toString(Qt::ISODateWithMs));
        case Action:
            return e.object.isEmpty() ? e.action : tr("%1 (object: %2)").arg(e.action, e.object);
        case Detail:
            return QString::fromUtf8(e.detail);
        default:
            break;
        }
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Time:
        return timeText(e.at);
    case Actor:
        return e.actor;
    case Action:
        return audit::actionText(e.action);
    case Account:
        return e.accountId ? QVariant(*e.accountId) : QVariant();
    case Change:
        if (e.table.isEmpty())
            return QString();
        return e.columns.isEmpty() ? e.table : tr("%1 (%2)").arg(e.table, e.columns.join(QStringLiteral(", ")));
    case Detail:
        return summary(e.detail);
    }
    return {};
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Actor:
        return tr("Who");
    case Action:
        return tr("What");
    case Account:
        return tr("Account");
    case Change:
        return tr("Table (columns)");
    case Detail:
        return tr("Detail");
    }
    return {};
}

bool AuditModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd && !m_loading;
}

void AuditModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    m_loading = true;
    emit loadingStarted();
    const int generation = m_generation;
    const qsizetype base = m_rows.size();
    const std::optional<qint64> before = m_rows.isEmpty() ? std::nullopt : std::optional<qint64>(m_rows.last().seq);
    const std::optional<audit::Query> query = m_query;
    const audit::Filter filter = m_filter;
    m_session->request(
        this,
        [query, filter, before](Services& s) -> Result<Page> {
            Page p;
            if (query) {
                p.query = *query;
            } else {
                auto prepared = s.auditQuery(filter);
                if (!prepared)
                    return prepared.error();
                p.query = std::move(prepared).value();
            }
            auto events = s.auditPage(p.query, before, kPageSize);
            if (!events)
                return events.error();
            p.events = std::move(events).value();
            return p;
        },
        [this, generation, base](Result<Page> page) {
            // Only the answer for the current rows continues the list; anything else is stale.
            if (generation != m_generation || base != m_rows.size())
                return;
            if (!page) {
                m_loading = false;
                m_atEnd = true; // until the user reloads; the view shows why
                emit loadFailed(page.error());
                return;
            }
            m_query = page->query;
            if (page->events.size() < kPageSize)
                m_atEnd = true;
            if (!page->events.isEmpty()) {
                // Still "loading" while the rows go in: views ask for more from inside endInsertRows.
                const int first = static_cast<int>(m_rows.size());
                beginInsertRows({}, first, first + static_cast<int>(page->events.size()) - 1);
                m_rows.append(page->events);
                endInsertRows();
            }
            m_loading = false;
            emit loaded();
        });
}

void AuditModel::reload(const audit::Filter& filter)
{
    beginResetModel();
    ++m_generation;
    m_rows.clear();
    m_filter = filter;
    m_query.reset();
    m_atEnd = false;
    m_loading = false;
    endResetModel();
    fetchMore({});
}

} // namespace art32::ui
