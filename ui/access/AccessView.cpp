#include "access/AccessView.h"

#include "access/KeysPanel.h"
#include "auth/Unlock.h"
#include "core/TimeFormat.h"
#include "session/Services.h"
#include "session/Session.h"
#include "widgets/Banner.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <memory>

namespace art32::ui {
namespace {

/** Local time with its zone, so a printout or a screenshot is unambiguous. */
QString localTime(const QDateTime& t)
{
    return timefmt::absolute(t);
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
    const AdminInfo& r = m_rows.at(index.row());
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
    , m_revokeButton(new QPushButton(this))
{
    const bool cto = session->capabilities().canGrant;
    setObjectName(QStringLiteral("accessWidget"));
    m_tabs->setObjectName(QStringLiteral("accessTabWidget"));
    m_table->setObjectName(QStringLiteral("adminsTableView"));
    m_grantsTable->setObjectName(QStringLiteral("grantsTableView"));
    m_activeOnly->setObjectName(QStringLiteral("activeGrantsCheckBox"));
    m_revokeButton->setObjectName(QStringLiteral("revokeGrantButton"));
    m_table->setModel(m_model);
    m_grantsTable->setModel(m_grants);
    m_table->setTabKeyNavigation(false); // Tab leaves a table; the arrow keys move inside it
    m_grantsTable->setTabKeyNavigation(false);
    setUpTable(m_table);
    setUpTable(m_grantsTable);
    QFont f = m_heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    m_heading->setFont(f);

    auto* grantsPage = new QWidget(this);
    auto* grantsBar = new QHBoxLayout;
    grantsBar->addWidget(m_activeOnly);
    grantsBar->addStretch(1);
    grantsBar->addWidget(m_revokeButton);
    auto* grantsLayout = new QVBoxLayout(grantsPage);
    grantsLayout->addLayout(grantsBar);
    grantsLayout->addWidget(m_grantsTable, 1);
    // Only a CTO revokes (the server refuses anyone else); the auditor reads.
    m_revokeButton->setVisible(cto);
    m_revokeButton->setEnabled(false);

    m_tabs->addTab(m_table, QString());
    m_tabs->addTab(grantsPage, QString());
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
    connect(m_revokeButton, &QPushButton::clicked, this, &AccessView::revokeSelected);
    connect(m_grantsTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AccessView::updateRevokeButton);
    connect(m_grants, &QAbstractItemModel::modelReset, this, &AccessView::updateRevokeButton);
    retranslate();
}

void AccessView::retranslate()
{
    m_heading->setText(tr("Access"));
    m_table->setAccessibleName(tr("Admins"));
    m_grantsTable->setAccessibleName(tr("Access grants"));
    m_tabs->setTabText(0, tr("Admins"));
    m_tabs->setTabText(1, tr("Access grants"));
    if (m_keys)
        m_tabs->setTabText(2, tr("Keys"));
    m_activeOnly->setText(tr("Only grants in force"));
    m_revokeButton->setText(tr("&Revoke…"));
}

void AccessView::reload()
{
    m_session->request(
        this, [](Services& s) { return s.admins(); },
        [this](Result<QList<AdminInfo>> rows) {
            if (!rows) {
                m_banner->showMessage(Level::Error, rows.error().message, tr("Retry"));
                return;
            }
            m_banner->hide();
            m_model->setRows(rows.value());
            m_table->resizeColumnsToContents();
        });
    reloadGrants();
    if (m_keys)
        m_keys->reload();
}

void AccessView::reloadGrants()
{
    const bool activeOnly = m_activeOnly->isChecked();
    m_session->request(
        this, [activeOnly](Services& s) { return s.grants(activeOnly); },
        [this](Result<QList<AccessGrant>> rows) {
            if (!rows) {
                m_banner->showMessage(Level::Error, rows.error().message, tr("Retry"));
                return;
            }
            m_grants->setRows(rows.value());
            m_grantsTable->resizeColumnsToContents();
        });
}

void AccessView::updateRevokeButton()
{
    const QModelIndexList selected = m_grantsTable->selectionModel()->selectedRows();
    m_revokeButton->setEnabled(!selected.isEmpty()
                               && m_grants->rows().at(selected.first().row()).state == AccessGrant::State::Active);
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
    }
    QWidget::changeEvent(event);
}

void AccessView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    reload();
}

} // namespace art32::ui
