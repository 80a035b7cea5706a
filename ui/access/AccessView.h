#pragma once

#include "auth/Enrollment.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QWidget>

class QLabel;
class QTableView;

namespace art32 {
class Session;
}

namespace art32::ui {

class Banner;

/** The admins as the server lets this role see them (RLS): a handful of rows, loaded whole. */
class AdminsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Login, Name, Role, Enrolled, Status, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setRows(QList<AdminInfo> rows);
    const QList<AdminInfo>& rows() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<AdminInfo> m_rows;
};

/** Access: who may operate the console, in which role, enrolled or not (CTO manages; auditor reads). */
class AccessView : public QWidget
{
    Q_OBJECT

public:
    explicit AccessView(Session* session, QWidget* parent = nullptr);
    AdminsModel* model() const { return m_model; }

public slots:
    void reload();

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    Session* m_session;
    Banner* m_banner;
    QTableView* m_table;
    AdminsModel* m_model;
    QLabel* m_heading;
};

} // namespace art32::ui
