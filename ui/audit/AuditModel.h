#pragma once

#include "audit/AuditLog.h"

#include <QAbstractTableModel>

namespace art32 {
class Session;
}

namespace art32::ui {

/**
 * The audit log for any number of events: pages of 200, newest first, fetched on demand with keyset pagination on
 * the worker thread (canFetchMore/fetchMore), never the whole log. reload() prepares a filter (its time range
 * becomes a seq range once) and starts over.
 */
class AuditModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Actor, Action, Account, Change, Detail, ColumnCount };
    static constexpr int kPageSize = 200;

    explicit AuditModel(Session* session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    const audit::Entry& event(int row) const { return m_rows.at(row); }
    /** Starts over with this filter. */
    void reload(const audit::Filter& filter);
    const audit::Filter& filter() const { return m_filter; }
    /** The prepared filter of the rows shown (empty until the first page arrived). */
    const std::optional<audit::Query>& query() const { return m_query; }
    bool isLoading() const { return m_loading; }
    bool isAtEnd() const { return m_atEnd; }

    /** The detail object in one line ("why: scan, accounts: 3"), at most about 160 characters. */
    static QString summary(const QByteArray& detail);
    /** Local time with seconds and the zone. */
    static QString timeText(const QDateTime& at);

signals:
    void loadFailed(const art32::Error& error);
    void loaded(); ///< a page arrived
    void loadingStarted(); ///< a page was asked for

private:
    Session* m_session;
    QList<audit::Entry> m_rows;
    audit::Filter m_filter;
    std::optional<audit::Query> m_query;
    bool m_atEnd = true;
    bool m_loading = false;
    int m_generation = 0; ///< answers for an earlier reload are dropped
};

} // namespace art32::ui
