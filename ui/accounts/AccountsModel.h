#pragma once

#include "records/RecordStore.h"

#include <QAbstractTableModel>

namespace art32 {
class Session;
}

namespace art32::ui {

/**
 * The accounts table for any number of accounts: pages of 200 fetched on demand with keyset pagination on
 * the worker thread (canFetchMore/fetchMore), never the whole table. Sorting switches the keyset order
 * (id, company name, created); a name prefix filters on the server; search results replace the rows.
 */
class AccountsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Id, Company, Plan, Status, Created, ColumnCount };
    static constexpr int kPageSize = 200;

    explicit AccountsModel(Session* session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    const AccountRow& account(int row) const { return m_rows.at(row); }
    /** Starts over: all accounts (optionally names starting with prefix) in the current order. */
    void reload(const QString& namePrefix = QString());
    /** Shows exactly these accounts (a search result); no further pages. */
    void showAccounts(const QList<qint64>& ids);
    bool isLoading() const { return m_loading; }

signals:
    void loadFailed(const art32::Error& error);
    void loaded(); ///< a page or a search result arrived
    void loadingStarted(); ///< a page or a search result was asked for

private:
    Session* m_session;
    QList<AccountRow> m_rows;
    records::AccountOrder m_order = records::AccountOrder::Id;
    QString m_prefix;
    bool m_atEnd = false;
    bool m_loading = false;
    int m_generation = 0; ///< answers for an earlier reload are dropped
};

} // namespace art32::ui
