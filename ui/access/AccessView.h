#pragma once

#include "auth/Enrollment.h"
#include "records/Grants.h"
#include "widgets/RowsModel.h"

#include <QDateTime>
#include <QWidget>
#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;

namespace art32 {
class Session;
}

namespace art32::ui {

class Banner;
class KeysPanel;

/** The admins as art32.admin_overview shows them to a CTO or an auditor: a handful of rows, loaded whole. */
class AdminsModel : public RowsModel<AdminOverview>
{
    Q_OBJECT

public:
    enum Column { Login, Name, Role, Enrolled, Status, LastUnlock, LockedUntil, Keys, ColumnCount };
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
    enum Column { Account, Admin, State, Expires, GrantedBy, Granted, Reason, Request, ColumnCount };
    explicit GrantsModel(QObject* parent = nullptr)
        : RowsModel(ColumnCount, parent)
    { }

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

protected:
    QString header(int column) const override;
};

/** Pending access requests, oldest first (the CTO decides them; the auditor reads them). */
class RequestsModel : public RowsModel<AccessRequest>
{
    Q_OBJECT

public:
    enum Column { Account, Admin, Duration, Asked, Reason, ColumnCount };
    explicit RequestsModel(QObject* parent = nullptr)
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
    RequestsModel* requestsModel() const { return m_requests; }
    KeysPanel* keysPanel() const { return m_keys; }
    static constexpr int kGrantsPage = 100;

public slots:
    void reload();
    void reloadGrants();
    void reloadRequests();
    /** The next page of the grants' history. */
    void moreGrants();
    /** Revokes the selected grant after a confirmation (CTO). */
    void revokeSelected();
    /** Approves or refuses the selected request, with a comment (CTO). */
    void decideSelected(bool approve);
    // Admins tab actions (CTO), each confirmed with its consequence.
    void createAdmin();
    void toggleDisabledSelected();
    void changeRoleSelected();
    void resetEnrollmentSelected();
    void sealKeysSelected();
    void revokeKeysSelected();

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void retranslate();
    void updateRevokeButton();
    void updateAdminButtons();
    void updateRequestButtons();
    void loadGrants(bool append);
    std::optional<AdminOverview> selectedAdmin() const;
    /** Asks "are you sure" naming the consequence; true when the named button was pressed. */
    bool confirm(const QString& title, const QString& consequence, const QString& action);
    /** Runs an admin action on the worker; on success shows done and reloads the admins. */
    template<typename T, typename Work> void adminAction(Work work, const QString& done);

    Session* m_session;
    Banner* m_banner;
    QLabel* m_heading;
    QTabWidget* m_tabs;
    QTableView* m_table;
    AdminsModel* m_model;
    QTableView* m_grantsTable;
    GrantsModel* m_grants;
    QCheckBox* m_activeOnly;
    QLineEdit* m_accountFilter;
    QLineEdit* m_adminFilter;
    QPushButton* m_moreButton;
    QPushButton* m_revokeButton;
    QTableView* m_requestsTable;
    RequestsModel* m_requests;
    QPushButton* m_approveButton;
    QPushButton* m_refuseButton;
    QList<QPushButton*> m_adminButtons; ///< CTO only: create, disable, role, reset, seal, revoke keys
    QPushButton* m_createButton;
    QPushButton* m_disableButton;
    QPushButton* m_roleButton;
    QPushButton* m_resetButton;
    QPushButton* m_sealButton;
    QPushButton* m_revokeKeysButton;
    QWidget* m_requestsPage;
    QWidget* m_grantsPage;
    KeysPanel* m_keys = nullptr; ///< CTO only
};

} // namespace art32::ui
