#include "accounts/AccountsModel.h"

#include "core/TimeFormat.h"
#include "session/Services.h"
#include "session/Session.h"

#include <QLocale>
#include <memory>

namespace art32::ui {

AccountsModel::AccountsModel(Session* session, QObject* parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{ }

int AccountsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AccountsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AccountsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const AccountRow& a = m_rows.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() == Id)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Id:
        return a.id;
    case Company:
        return a.companyName;
    case Plan:
        return a.plan;
    case Status:
        return a.status == QLatin1String("erased") ? tr("erased")
            : a.status == QLatin1String("active")  ? tr("active")
                                                   : a.status;
    case Created:
        return timefmt::date(a.createdAt);
    }
    return {};
}

QVariant AccountsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("Account");
    case Company:
        return tr("Company");
    case Plan:
        return tr("Plan");
    case Status:
        return tr("Status");
    case Created:
        return tr("Created");
    }
    return {};
}

bool AccountsModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd && !m_loading;
}

void AccountsModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    m_loading = true;
    emit loadingStarted();
    const int generation = m_generation;
    const qsizetype base = m_rows.size();
    const std::optional<AccountRow> after = m_rows.isEmpty() ? std::nullopt : std::optional<AccountRow>(m_rows.last());
    const auto order = m_order;
    const QString prefix = m_prefix;
    m_session->request(
        this, [order, after, prefix](Services& s) { return s.fetchAccounts(order, after, kPageSize, prefix); },
        [this, generation, base](Result<QList<AccountRow>> page) {
            // Only the answer for the current rows continues the list; anything else is stale.
            if (generation != m_generation || base != m_rows.size())
                return;
            if (!page) {
                m_loading = false;
                m_atEnd = true; // until the user reloads; the view shows why
                emit loadFailed(page.error());
                return;
            }
            if (page->size() < kPageSize)
                m_atEnd = true;
            if (!page->isEmpty()) {
                // Still "loading" while the rows go in: views ask for more from inside endInsertRows.
                const int first = static_cast<int>(m_rows.size());
                beginInsertRows({}, first, first + static_cast<int>(page->size()) - 1);
                m_rows.append(page.value());
                endInsertRows();
            }
            m_loading = false;
            emit loaded();
        });
}

void AccountsModel::sort(int column, Qt::SortOrder)
{
    // Keyset pagination walks an index forwards: these three columns have one.
    const records::AccountOrder order = column == Company ? records::AccountOrder::Name
        : column == Created                               ? records::AccountOrder::Created
                                                          : records::AccountOrder::Id;
    if (order == m_order && !m_rows.isEmpty())
        return;
    m_order = order;
    reload(m_prefix);
}

void AccountsModel::reload(const QString& namePrefix)
{
    beginResetModel();
    ++m_generation;
    m_rows.clear();
    m_prefix = namePrefix;
    m_atEnd = false;
    m_loading = false;
    endResetModel();
    fetchMore({});
}

void AccountsModel::showAccounts(const QList<qint64>& ids)
{
    beginResetModel();
    const int generation = ++m_generation;
    m_rows.clear();
    m_atEnd = true;
    m_loading = true;
    endResetModel();
    emit loadingStarted();
    m_session->request(
        this, [ids](Services& s) { return s.accountsByIds(ids); },
        [this, generation](Result<QList<AccountRow>> found) {
            if (generation != m_generation)
                return;
            m_loading = false;
            if (!found) {
                emit loadFailed(found.error());
                return;
            }
            if (!found->isEmpty()) {
                beginInsertRows({}, 0, static_cast<int>(found->size()) - 1);
                m_rows = std::move(found).value();
                endInsertRows();
            }
            emit loaded();
        });
}

} // namespace art32::ui
