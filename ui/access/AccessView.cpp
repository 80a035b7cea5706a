#include "access/AccessView.h"

#include "access/KeysPanel.h"
#include "auth/Unlock.h"
#include "core/TimeFormat.h"
#include "session/Services.h"
#include "session/Session.h"
#include "widgets/Banner.h"
#include "widgets/Dialogs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <limits>
#include <memory>

namespace art32::ui {
namespace {

/** Local time with its zone, so a printout or a screenshot is unambiguous. */
QString localTime(const QDateTime& t)
{
    return timefmt::absolute(t);
}

QString versions(const QList<int>& list)
{
    QStringList out;
    for (int v : list)
        out << QString::number(v);
    return out.join(QLatin1String(", "));
}

/** "4 h", "1 h 30 min", "45 min". */
QString duration(int minutes)
{
    const int h = minutes / 60;
    const int m = minutes % 60;
    if (h == 0)
        return AccessView::tr("%1 min").arg(m);
    if (m == 0)
        return AccessView::tr("%1 h").arg(h);
    return AccessView::tr("%1 h %2 min").arg(h).arg(m);
}

void setUpTable(QTableView* table)
{
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setWordWrap(false);
}

} // namespace

QVariant AdminsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::DisplayRole)
        return {};
    const AdminOverview& o = m_rows.at(index.row());
    const AdminInfo& r = o.admin;
    switch (index.column()) {
    case Login:
        return r.login;
    case Name:
        return r.displayName;
    case Role:
        return roleName(r.role);
    case Enrolled:
        if (!r.enrolledAt.isValid())
            return tr("not enrolled");
        return localTime(r.enrolledAt);
    case Status:
        return r.disabledAt.isValid() ? tr("disabled") : tr("active");
    case LastUnlock:
        return o.lastUnlock.isValid() ? localTime(o.lastUnlock) : tr("never");
    case LockedUntil:
        return o.lockedUntil.isValid() ? localTime(o.lockedUntil) : QString();
    case Keys:
        if (o.kekVersions.isEmpty() && o.indexVersions.isEmpty())
            return tr("none");
        return tr("KEK %1 · index %2").arg(versions(o.kekVersions), versions(o.indexVersions));
    }
    return {};
}

QString AdminsModel::header(int column) const
{
    switch (column) {
    case Login:
        return tr("Login");
    case Name:
        return tr("Name");
    case Role:
        return tr("Role");
    case Enrolled:
        return tr("Enrolled");
    case Status:
        return tr("Status");
    case LastUnlock:
        return tr("Last unlock");
    case LockedUntil:
        return tr("Locked until");
    case Keys:
        return tr("Key versions held");
    }
    return {};
}

QVariant GrantsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const AccessGrant& g = m_rows.at(index.row());
    if (role == Qt::UserRole)
        return g.id;
    if (role == Qt::ToolTipRole && index.column() == Reason)
        return g.reason;
    if (role == Qt::ToolTipRole && index.column() == State && g.state == AccessGrant::State::Revoked)
        return tr("Revoked %1").arg(localTime(g.revokedAt));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Account:
        return g.accountId;
    case Admin:
        return g.admin;
    case State:
        return grants::stateName(g.state);
    case Expires:
        return localTime(g.expiresAt);
    case GrantedBy:
        return g.grantedBy;
    case Granted:
        return localTime(g.grantedAt);
    case Reason:
        return g.reason;
    case Request:
        return g.requestId ? tr("request %1").arg(g.requestId) : tr("granted without request");
    }
    return {};
}

QString GrantsModel::header(int column) const
{
    switch (column) {
    case Account:
        return tr("Account");
    case Admin:
        return tr("System administrator");
    case State:
        return tr("State");
    case Expires:
        return tr("Until");
    case GrantedBy:
        return tr("Granted by");
    case Granted:
        return tr("Granted");
    case Reason:
        return tr("Reason");
    case Request:
        return tr("How");
    }
    return {};
}

QVariant RequestsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const AccessRequest& q = m_rows.at(index.row());
    if (role == Qt::UserRole)
        return q.id;
    if (role == Qt::ToolTipRole && index.column() == Reason)
        return q.reason;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Account:
        return q.accountId;
    case Admin:
        return q.admin;
    case Duration:
        return duration(q.minutes);
    case Asked:
        return localTime(q.requestedAt);
    case Reason:
        return q.reason;
    }
    return {};
}

QString RequestsModel::header(int column) const
{
    switch (column) {
    case Account:
        return tr("Account");
    case Admin:
        return tr("System administrator");
    case Duration:
        return tr("For");
    case Asked:
        return tr("Asked");
    case Reason:
        return tr("Reason");
    }
    return {};
}

AccessView::AccessView(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_banner(new Banner(this))
    , m_heading(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_table(new QTableView(this))
    , m_model(new AdminsModel(this))
    , m_grantsTable(new QTableView(this))
    , m_grants(new GrantsModel(this))
    , m_activeOnly(new QCheckBox(this))
    , m_accountFilter(new QLineEdit(this))
    , m_adminFilter(new QLineEdit(this))
    , m_moreButton(new QPushButton(this))
    , m_revokeButton(new QPushButton(this))
    , m_requestsTable(new QTableView(this))
    , m_requests(new RequestsModel(this))
    , m_approveButton(new QPushButton(this))
    , m_refuseButton(new QPushButton(this))
    , m_createButton(new QPushButton(this))
    , m_disableButton(new QPushButton(this))
    , m_roleButton(new QPushButton(this))
    , m_resetButton(new QPushButton(this))
    , m_sealButton(new QPushButton(this))
    , m_revokeKeysButton(new QPushButton(this))
    , m_requestsPage(new QWidget(this))
    , m_grantsPage(new QWidget(this))
{
    const bool cto = session->capabilities().canGrant;
    setObjectName(QStringLiteral("accessWidget"));
    m_tabs->setObjectName(QStringLiteral("accessTabWidget"));
    m_table->setObjectName(QStringLiteral("adminsTableView"));
    m_grantsTable->setObjectName(QStringLiteral("grantsTableView"));
    m_requestsTable->setObjectName(QStringLiteral("requestsTableView"));
    m_requestsPage->setObjectName(QStringLiteral("requestsPage"));
    m_grantsPage->setObjectName(QStringLiteral("grantsPage"));
    m_activeOnly->setObjectName(QStringLiteral("activeGrantsCheckBox"));
    m_accountFilter->setObjectName(QStringLiteral("grantAccountFilterLineEdit"));
    m_adminFilter->setObjectName(QStringLiteral("grantAdminFilterLineEdit"));
    m_moreButton->setObjectName(QStringLiteral("moreGrantsButton"));
    m_revokeButton->setObjectName(QStringLiteral("revokeGrantButton"));
    m_approveButton->setObjectName(QStringLiteral("approveRequestButton"));
    m_refuseButton->setObjectName(QStringLiteral("refuseRequestButton"));
    m_createButton->setObjectName(QStringLiteral("createAdminButton"));
    m_disableButton->setObjectName(QStringLiteral("disableAdminButton"));
    m_roleButton->setObjectName(QStringLiteral("changeRoleButton"));
    m_resetButton->setObjectName(QStringLiteral("resetEnrollmentButton"));
    m_sealButton->setObjectName(QStringLiteral("sealKeysButton"));
    m_revokeKeysButton->setObjectName(QStringLiteral("revokeKeysButton"));
    m_table->setModel(m_model);
    m_grantsTable->setModel(m_grants);
    m_requestsTable->setModel(m_requests);
    for (QTableView* t : { m_table, m_grantsTable, m_requestsTable }) {
        t->setTabKeyNavigation(false); // Tab leaves a table; the arrow keys move inside it
        setUpTable(t);
    }
    m_accountFilter->setValidator(new QIntValidator(1, std::numeric_limits<int>::max(), m_accountFilter));
    m_accountFilter->setClearButtonEnabled(true);
    m_adminFilter->setClearButtonEnabled(true);
    QFont f = m_heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    m_heading->setFont(f);

    // Admins: the table, and for a CTO the actions (the server refuses everyone else anyway).
    auto* adminsPage = new QWidget(this);
    auto* adminsBar = new QHBoxLayout;
    m_adminButtons = { m_createButton, m_disableButton, m_roleButton, m_resetButton, m_sealButton, m_revokeKeysButton };
    for (QPushButton* b : m_adminButtons) {
        adminsBar->addWidget(b);
        b->setVisible(cto);
    }
    adminsBar->addStretch(1);
    auto* adminsLayout = new QVBoxLayout(adminsPage);
    adminsLayout->addWidget(m_table, 1);
    adminsLayout->addLayout(adminsBar);

    // Requests: pending ones, oldest first; a CTO approves or refuses.
    auto* requestsBar = new QHBoxLayout;
    requestsBar->addStretch(1);
    requestsBar->addWidget(m_approveButton);
    requestsBar->addWidget(m_refuseButton);
    auto* requestsLayout = new QVBoxLayout(m_requestsPage);
    requestsLayout->addWidget(m_requestsTable, 1);
    requestsLayout->addLayout(requestsBar);
    m_approveButton->setVisible(cto);
    m_refuseButton->setVisible(cto);

    // Grants: active ones with time left, and the history, paged, by account and by admin.
    auto* grantsBar = new QHBoxLayout;
    grantsBar->addWidget(m_activeOnly);
    grantsBar->addWidget(m_accountFilter);
    grantsBar->addWidget(m_adminFilter);
    grantsBar->addStretch(1);
    grantsBar->addWidget(m_revokeButton);
    auto* grantsLayout = new QVBoxLayout(m_grantsPage);
    grantsLayout->addLayout(grantsBar);
    grantsLayout->addWidget(m_grantsTable, 1);
    grantsLayout->addWidget(m_moreButton, 0, Qt::AlignLeft);
    // Only a CTO revokes (the server refuses anyone else); the auditor reads.
    m_revokeButton->setVisible(cto);
    m_revokeButton->setEnabled(false);
    m_moreButton->setEnabled(false);

    m_tabs->addTab(adminsPage, QString());
    m_tabs->addTab(m_requestsPage, QString());
    m_tabs->addTab(m_grantsPage, QString());
    if (cto) {
        m_keys = new KeysPanel(session, this);
        m_tabs->addTab(m_keys, QString());
    }
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_heading);
    layout->addWidget(m_tabs, 1);
    connect(m_banner, &Banner::actionTriggered, this, &AccessView::reload);
    connect(m_activeOnly, &QCheckBox::toggled, this, &AccessView::reloadGrants);
    connect(m_accountFilter, &QLineEdit::returnPressed, this, &AccessView::reloadGrants);
    connect(m_adminFilter, &QLineEdit::returnPressed, this, &AccessView::reloadGrants);
    connect(m_accountFilter, &QLineEdit::textChanged, this, [this](const QString& t) {
        if (t.isEmpty())
            reloadGrants();
    });
    connect(m_adminFilter, &QLineEdit::textChanged, this, [this](const QString& t) {
        if (t.isEmpty())
            reloadGrants();
    });
    connect(m_moreButton, &QPushButton::clicked, this, &AccessView::moreGrants);
    connect(m_revokeButton, &QPushButton::clicked, this, &AccessView::revokeSelected);
    connect(m_approveButton, &QPushButton::clicked, this, [this] { decideSelected(true); });
    connect(m_refuseButton, &QPushButton::clicked, this, [this] { decideSelected(false); });
    connect(m_createButton, &QPushButton::clicked, this, &AccessView::createAdmin);
    connect(m_disableButton, &QPushButton::clicked, this, &AccessView::toggleDisabledSelected);
    connect(m_roleButton, &QPushButton::clicked, this, &AccessView::changeRoleSelected);
    connect(m_resetButton, &QPushButton::clicked, this, &AccessView::resetEnrollmentSelected);
    connect(m_sealButton, &QPushButton::clicked, this, &AccessView::sealKeysSelected);
    connect(m_revokeKeysButton, &QPushButton::clicked, this, &AccessView::revokeKeysSelected);
    connect(m_grantsTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AccessView::updateRevokeButton);
    connect(m_grants, &QAbstractItemModel::modelReset, this, &AccessView::updateRevokeButton);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AccessView::updateAdminButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AccessView::updateAdminButtons);
    connect(m_requestsTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AccessView::updateRequestButtons);
    connect(m_requests, &QAbstractItemModel::modelReset, this, &AccessView::updateRequestButtons);
    retranslate();
    updateAdminButtons();
    updateRequestButtons();
}

void AccessView::retranslate()
{
    m_heading->setText(tr("Access"));
    m_table->setAccessibleName(tr("Admins"));
    m_grantsTable->setAccessibleName(tr("Access grants"));
    m_requestsTable->setAccessibleName(tr("Access requests"));
    m_tabs->setTabText(0, tr("Admins"));
    m_tabs->setTabText(1, tr("Requests"));
    m_tabs->setTabText(2, tr("Grants"));
    if (m_keys)
        m_tabs->setTabText(3, tr("Keys"));
    m_activeOnly->setText(tr("Only grants in force"));
    m_accountFilter->setPlaceholderText(tr("Account id"));
    m_accountFilter->setAccessibleName(tr("Filter by account"));
    m_adminFilter->setPlaceholderText(tr("Admin login"));
    m_adminFilter->setAccessibleName(tr("Filter by admin"));
    m_moreButton->setText(tr("&More"));
    m_revokeButton->setText(tr("&Revoke…"));
    m_approveButton->setText(tr("&Approve…"));
    m_refuseButton->setText(tr("Re&fuse…"));
    m_createButton->setText(tr("&New admin…"));
    m_roleButton->setText(tr("Change &role…"));
    m_resetButton->setText(tr("Reset &TOTP…"));
    m_sealButton->setText(tr("&Seal keys…"));
    m_revokeKeysButton->setText(tr("Take &keys away…"));
    updateAdminButtons();
}

void AccessView::reload()
{
    m_session->request(
        this, [](Services& s) { return s.adminOverview(); },
        [this](Result<QList<AdminOverview>> rows) {
            if (!rows) {
                m_banner->showMessage(Level::Error, rows.error().message, tr("Retry"));
                return;
            }
            m_model->setRows(rows.value());
            m_table->resizeColumnsToContents();
        });
    reloadRequests();
    reloadGrants();
    if (m_keys)
        m_keys->reload();
}

void AccessView::reloadRequests()
{
    m_session->request(
        this, [](Services& s) { return s.accessRequests(true); },
        [this](Result<QList<AccessRequest>> rows) {
            if (!rows) {
                m_banner->showMessage(Level::Error, rows.error().message, tr("Retry"));
                return;
            }
            m_requests->setRows(rows.value());
            m_requestsTable->resizeColumnsToContents();
            m_tabs->setTabText(1,
                               rows->isEmpty() ? tr("Requests")
                                               : tr("Requests (%n pending)", nullptr, static_cast<int>(rows->size())));
        });
}

void AccessView::reloadGrants()
{
    loadGrants(false);
}

void AccessView::moreGrants()
{
    loadGrants(true);
}

void AccessView::loadGrants(bool append)
{
    GrantFilter filter;
    filter.activeOnly = m_activeOnly->isChecked();
    filter.accountId = m_accountFilter->text().trimmed().toLongLong();
    filter.admin = m_adminFilter->text().trimmed();
    filter.limit = kGrantsPage;
    if (append && !m_grants->rows().isEmpty())
        filter.beforeId = m_grants->rows().constLast().id;
    m_session->request(
        this, [filter](Services& s) { return s.grantHistory(filter); },
        [this, append](Result<QList<AccessGrant>> rows) {
            if (!rows) {
                m_banner->showMessage(Level::Error, rows.error().message, tr("Retry"));
                return;
            }
            QList<AccessGrant> all = append ? m_grants->rows() : QList<AccessGrant>();
            all.append(rows.value());
            m_grants->setRows(all);
            m_moreButton->setEnabled(rows->size() == kGrantsPage);
            m_grantsTable->resizeColumnsToContents();
        });
}

void AccessView::updateRevokeButton()
{
    const QModelIndexList selected = m_grantsTable->selectionModel()->selectedRows();
    m_revokeButton->setEnabled(!selected.isEmpty()
                               && m_grants->rows().at(selected.first().row()).state == AccessGrant::State::Active);
}

void AccessView::updateRequestButtons()
{
    const bool any = !m_requestsTable->selectionModel()->selectedRows().isEmpty();
    m_approveButton->setEnabled(any);
    m_refuseButton->setEnabled(any);
}

std::optional<AdminOverview> AccessView::selectedAdmin() const
{
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (selected.isEmpty())
        return std::nullopt;
    return m_model->rows().at(selected.first().row());
}

void AccessView::updateAdminButtons()
{
    const auto admin = selectedAdmin();
    const bool other = admin && admin->admin.login != m_session->admin().login;
    m_disableButton->setText(admin && admin->admin.disabledAt.isValid() ? tr("&Enable…") : tr("&Disable…"));
    m_disableButton->setEnabled(other);
    m_roleButton->setEnabled(other);
    m_resetButton->setEnabled(other);
    m_sealButton->setEnabled(admin && admin->admin.role != Role::Auditor && admin->admin.enrolledAt.isValid()
                             && !admin->admin.disabledAt.isValid());
    m_revokeKeysButton->setEnabled(other && !(admin->kekVersions.isEmpty() && admin->indexVersions.isEmpty()));
}

bool AccessView::confirm(const QString& title, const QString& consequence, const QString& action)
{
    QMessageBox box(QMessageBox::Question, title, consequence, QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("accessConfirmBox"));
    QPushButton* yes = box.addButton(action, QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("accessConfirmButton"));
    yes->setAutoDefault(false);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == yes;
}

template<typename T, typename Work> void AccessView::adminAction(Work work, const QString& done)
{
    m_session->request(this, work, [this, done](Result<T> r) {
        if (!r)
            m_banner->showMessage(Level::Error, r.error().message);
        else
            m_banner->showMessage(Level::Ok, done);
        reload();
    });
}

void AccessView::createAdmin()
{
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("createAdminDialog"));
    dialog.setWindowTitle(tr("New admin"));
    auto* login = new QLineEdit(&dialog);
    login->setObjectName(QStringLiteral("newAdminLoginLineEdit"));
    auto* name = new QLineEdit(&dialog);
    name->setObjectName(QStringLiteral("newAdminNameLineEdit"));
    auto* role = new QComboBox(&dialog);
    role->setObjectName(QStringLiteral("newAdminRoleComboBox"));
    for (Role r : { Role::Sysadmin, Role::Auditor, Role::Cto })
        role->addItem(roleName(r), static_cast<int>(r));
    auto* password = new QLineEdit(&dialog);
    password->setObjectName(QStringLiteral("newAdminPasswordLineEdit"));
    password->setEchoMode(QLineEdit::Password);
    auto* repeat = new QLineEdit(&dialog);
    repeat->setObjectName(QStringLiteral("newAdminRepeatLineEdit"));
    repeat->setEchoMode(QLineEdit::Password);
    auto* hint = new QLabel(&dialog);
    hint->setWordWrap(true);
    auto* form = new QFormLayout(&dialog);
    form->addRow(tr("&Login:"), login);
    form->addRow(tr("&Name:"), name);
    form->addRow(tr("&Role:"), role);
    form->addRow(tr("&Password:"), password);
    form->addRow(tr("Re&peat:"), repeat);
    form->addRow(hint);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Cancel, &dialog);
    auto* ok = box->addButton(tr("Create admin"), QDialogButtonBox::AcceptRole);
    ok->setObjectName(QStringLiteral("createAdminConfirmButton"));
    form->addRow(box);
    const auto validate = [=] {
        QString problem;
        if (login->text().trimmed().isEmpty() || name->text().trimmed().isEmpty())
            problem = tr("Give a login and a name.");
        else if (password->text().size() < 12)
            problem = tr("The password needs at least 12 characters.");
        else if (password->text() != repeat->text())
            problem = tr("The two passwords differ.");
        hint->setText(problem.isEmpty() ? tr("They enroll (TOTP and key pair) at their first start of the console.")
                                        : problem);
        ok->setEnabled(problem.isEmpty());
    };
    for (QLineEdit* e : { login, name, password, repeat })
        connect(e, &QLineEdit::textChanged, &dialog, validate);
    validate();
    connect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    fitDialog(&dialog);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString who = login->text().trimmed();
    const QString display = name->text().trimmed();
    const Role r = static_cast<Role>(role->currentData().toInt());
    auto secret = std::make_shared<SecureBytes>(SecureBytes::fromByteArray(password->text().toUtf8()));
    password->clear();
    repeat->clear();
    adminAction<int>([who, display, r, secret](Services& s) { return s.createAdmin(who, display, r, *secret); },
                     tr("%1 exists now; the creation is audited. They enroll at their first start.").arg(who));
}

void AccessView::toggleDisabledSelected()
{
    const auto admin = selectedAdmin();
    if (!admin)
        return;
    const QString login = admin->admin.login;
    const bool disable = !admin->admin.disabledAt.isValid();
    if (disable
        && !confirm(tr("Disable %1").arg(login),
                    tr("%1 is locked out at once: their unlocked sessions end and they cannot unlock again until a "
                       "CTO enables them. Their keys and grants stay.")
                        .arg(login),
                    tr("Disable %1").arg(login)))
        return;
    if (!disable
        && !confirm(tr("Enable %1").arg(login), tr("%1 may unlock the console again.").arg(login),
                    tr("Enable %1").arg(login)))
        return;
    adminAction<void>([login, disable](Services& s) { return s.setAdminDisabled(login, disable); },
                      disable ? tr("%1 is disabled; this is audited.").arg(login)
                              : tr("%1 is enabled again; this is audited.").arg(login));
}

void AccessView::changeRoleSelected()
{
    const auto admin = selectedAdmin();
    if (!admin)
        return;
    const QString login = admin->admin.login;
    QStringList names;
    QList<Role> roles;
    for (Role r : { Role::Cto, Role::Sysadmin, Role::Auditor }) {
        if (r == admin->admin.role)
            continue;
        names << roleName(r);
        roles << r;
    }
    bool ok = false;
    const QString chosen
        = QInputDialog::getItem(this, tr("Change the role of %1").arg(login), tr("New role:"), names, 0, false, &ok);
    if (!ok)
        return;
    const Role to = roles.at(names.indexOf(chosen));
    QString consequence = tr("%1 becomes %2. Their unlocked sessions end; the next unlock has the new rights.")
                              .arg(login, roleName(to));
    if (admin->admin.role == Role::Sysadmin)
        consequence += QLatin1Char(' ') + tr("Their access grants are revoked and pending requests refused.");
    if (to == Role::Auditor)
        consequence += QLatin1Char(' ') + tr("Auditors never hold keys: their sealed keys are deleted.");
    if (!confirm(tr("Change the role of %1").arg(login), consequence, tr("Make %1 %2").arg(login, roleName(to))))
        return;
    adminAction<bool>([login, to](Services& s) { return s.setAdminRole(login, to); },
                      tr("%1 is %2 now; the change is audited.").arg(login, roleName(to)));
}

void AccessView::resetEnrollmentSelected()
{
    const auto admin = selectedAdmin();
    if (!admin)
        return;
    const QString login = admin->admin.login;
    if (!confirm(tr("Reset the TOTP of %1").arg(login),
                 tr("%1's authenticator, key pair and sealed keys are deleted and their sessions end. They must enroll "
                    "again at their next start, and a CTO must seal the keys to them again.")
                     .arg(login),
                 tr("Reset %1").arg(login)))
        return;
    adminAction<void>([login](Services& s) { return s.resetAdminEnrollment(login); },
                      tr("%1 must enroll again; the reset is audited.").arg(login));
}

void AccessView::sealKeysSelected()
{
    const auto admin = selectedAdmin();
    if (!admin)
        return;
    const QString login = admin->admin.login;
    if (!confirm(tr("Seal keys to %1").arg(login),
                 tr("%1 receives a copy of every key you hold (KEK and index key), sealed to their public key: with a "
                    "grant (or as a CTO) they can then decrypt personal data.")
                     .arg(login),
                 tr("Seal keys to %1").arg(login)))
        return;
    adminAction<int>([login](Services& s) { return s.sealKeysTo(login); },
                     tr("The keys are sealed to %1; this is audited.").arg(login));
}

void AccessView::revokeKeysSelected()
{
    const auto admin = selectedAdmin();
    if (!admin)
        return;
    const QString login = admin->admin.login;
    if (!confirm(tr("Take the keys of %1 away").arg(login),
                 tr("%1's sealed key copies are deleted: after their next lock they can no longer decrypt. A key "
                    "already opened stays in their memory until they lock; rotate the keys to make a copied key "
                    "useless.")
                     .arg(login),
                 tr("Take the keys away")))
        return;
    adminAction<int>([login](Services& s) { return s.revokeKeysOf(login); },
                     tr("%1 holds no keys any more; this is audited.").arg(login));
}

void AccessView::decideSelected(bool approve)
{
    const QModelIndexList selected = m_requestsTable->selectionModel()->selectedRows();
    if (selected.isEmpty())
        return;
    const AccessRequest q = m_requests->rows().at(selected.first().row());
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("decideRequestDialog"));
    dialog.setWindowTitle(approve ? tr("Approve request %1").arg(q.id) : tr("Refuse request %1").arg(q.id));
    auto* text = new QLabel(approve ? tr("%1 may then read the personal data of account %2 for %3, from now on. Every "
                                         "read is audited. Reason given: %4")
                                          .arg(q.admin)
                                          .arg(q.accountId)
                                          .arg(duration(q.minutes), q.reason)
                                    : tr("%1 may not read account %2. Say why; they see your comment. Reason given: %3")
                                          .arg(q.admin)
                                          .arg(q.accountId)
                                          .arg(q.reason),
                            &dialog);
    text->setWordWrap(true);
    auto* comment = new QLineEdit(&dialog);
    comment->setObjectName(QStringLiteral("decisionCommentLineEdit"));
    comment->setPlaceholderText(approve ? tr("Comment (optional)") : tr("Why not (at least 5 characters)"));
    auto* box = new QDialogButtonBox(QDialogButtonBox::Cancel, &dialog);
    auto* ok = box->addButton(approve ? tr("Approve") : tr("Refuse"), QDialogButtonBox::AcceptRole);
    ok->setObjectName(QStringLiteral("decisionConfirmButton"));
    const auto validate = [=] {
        ok->setEnabled(approve || comment->text().trimmed().size() >= grants::kMinReason);
    };
    connect(comment, &QLineEdit::textChanged, &dialog, validate);
    validate();
    connect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(text);
    layout->addWidget(comment);
    layout->addWidget(box);
    fitDialog(&dialog);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString note = comment->text().trimmed();
    const auto done = [this, q, approve](bool ok, const QString& error) {
        if (!ok)
            m_banner->showMessage(Level::Error, error);
        else if (approve)
            m_banner->showMessage(Level::Ok,
                                  tr("%1 may read account %2 for %3; the approval is audited.")
                                      .arg(q.admin)
                                      .arg(q.accountId)
                                      .arg(duration(q.minutes)));
        else
            m_banner->showMessage(Level::Ok, tr("The request of %1 is refused; this is audited.").arg(q.admin));
        reloadRequests();
        reloadGrants();
    };
    if (approve)
        m_session->request(
            this, [id = q.id, note](Services& s) { return s.approveRequest(id, note); },
            [done](Result<qint64> r) { done(static_cast<bool>(r), r ? QString() : r.error().message); });
    else
        m_session->request(
            this, [id = q.id, note](Services& s) { return s.refuseRequest(id, note); },
            [done](Result<void> r) { done(static_cast<bool>(r), r ? QString() : r.error().message); });
}

void AccessView::revokeSelected()
{
    const QModelIndexList selected = m_grantsTable->selectionModel()->selectedRows();
    if (selected.isEmpty())
        return;
    const AccessGrant g = m_grants->rows().at(selected.first().row());
    QMessageBox box(QMessageBox::Question, tr("Revoke access"),
                    tr("Revoke %1's access to account %2 now? Reads already made stay in the audit log.")
                        .arg(g.admin)
                        .arg(g.accountId),
                    QMessageBox::Cancel, this);
    QPushButton* revoke = box.addButton(tr("Revoke access of %1").arg(g.admin), QMessageBox::DestructiveRole);
    revoke->setObjectName(QStringLiteral("revokeConfirmButton"));
    revoke->setAutoDefault(false);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != revoke)
        return;
    m_session->request(
        this, [id = g.id](Services& s) { return s.revokeGrant(id); },
        [this, g](Result<bool> revoked) {
            if (!revoked)
                m_banner->showMessage(Level::Error, revoked.error().message);
            else if (revoked.value())
                m_banner->showMessage(
                    Level::Ok,
                    tr("%1 can no longer read account %2; the revocation is audited.").arg(g.admin).arg(g.accountId));
            else
                m_banner->showMessage(Level::Warning,
                                      tr("This grant had already ended (expired or revoked); nothing changed."));
            reloadGrants();
        });
}

void AccessView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_banner->hide(); // its message is in the old language
        retranslate();
        m_grants->setRows(m_grants->rows()); // states and headers are translated text
        m_requests->setRows(m_requests->rows());
        m_model->setRows(m_model->rows());
    }
    QWidget::changeEvent(event);
}

void AccessView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    reload();
}

} // namespace art32::ui
