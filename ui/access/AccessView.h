#pragma once

#include "auth/Enrollment.h"
#include "records/Grants.h"
#include "widgets/RowsModel.h"

#include <QDateTime>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;

namespace art32 {
class Session;
}

namespace art32::ui {

class Banner;
class KeysPanel;

/** The admins as the server lets this role see them (RLS): a handful of rows, loaded whole. */
class AdminsModel : public RowsModel<AdminInfo>
{
    Q_OBJECT

public:
    enum Column { Login, Name, Role, Enrolled, Status, ColumnCount };
    explicit AdminsModel(QObject* parent = nullptr)
        : RowsModel(ColumnCount, parent)
    { }

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

protected:
    QString header(int column) const override;
};

/** Access grants, newest first, as RLS shows them (the server caps the list; see grants::list). */
class GrantsModel : public RowsModel<AccessGrant>
{
    Q_OBJECT

public:
    enum Column { Account, Admin, State, Expires, GrantedBy, Granted, Reason, ColumnCount };
    explicit GrantsModel(QObject* parent = nullptr)
        : RowsModel(ColumnCount, parent)
    { }

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

protected:
    QString header(int column) const override;
};

/**
 * Access (CTO manages, auditor reads): who may operate the console, the just-in-time grants of sysadmins to
 * accounts (a CTO revokes them), and, for a CTO, the keys and their rotation.
 */
class AccessView : public QWidget
{
    Q_OBJECT

public:
    explicit AccessView(Session* session, QWidget* parent = nullptr);
    AdminsModel* model() const { return m_model; }
    GrantsModel* grantsModel() const { return m_grants; }
    KeysPanel* keysPanel() const { return m_keys; }

public slots:
    void reload();
    void reloadGrants();
    /** Revokes the selected grant after a confirmation (CTO). */
    void revokeSelected();

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void retranslate();
    void updateRevokeButton();

    Session* m_session;
    Banner* m_banner;
    QLabel* m_heading;
    QTabWidget* m_tabs;
    QTableView* m_table;
    AdminsModel* m_model;
    QTableView* m_grantsTable;
    GrantsModel* m_grants;
    QCheckBox* m_activeOnly;
    QPushButton* m_revokeButton;
    KeysPanel* m_keys = nullptr; ///< CTO only
};

} // namespace art32::ui
