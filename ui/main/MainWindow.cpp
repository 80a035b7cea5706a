#include "main/MainWindow.h"

#include "access/AccessView.h"
#include "accounts/AccountsView.h"
#include "audit/AuditView.h"
#include "auth/Unlock.h"
#include "backups/BackupsView.h"
#include "core/Settings.h"
#include "core/Translations.h"
#include "incidents/IncidentsView.h"
#include "main/AboutDialog.h"
#include "overview/OverviewView.h"
#include "session/Session.h"
#include "settings/SettingsDialog.h"
#include "widgets/Banner.h"
#include "widgets/Icons.h"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace art32::ui {

struct MainWindow::Actions
{
    QMenu* fileMenu = nullptr;
    QMenu* viewMenu = nullptr;
    QMenu* helpMenu = nullptr;
    QAction* settings = nullptr;
    QAction* quit = nullptr;
    QAction* overview = nullptr;
    QAction* refresh = nullptr;
    QAction* about = nullptr;
    QAction* lock = nullptr;
    QToolBar* toolBar = nullptr;
    QList<QAction*> views;
};

MainWindow::MainWindow(Settings* settings, Session* session, QWidget* parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_session(session)
    , m_sidebar(new QListWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_overview(new OverviewView(session, this))
    , m_profileLabel(new QLabel(this))
    , m_roleLabel(new QLabel(this))
    , m_serverLabel(new QLabel(this))
    , m_connectionIcon(new QLabel(this))
    , m_connectionLabel(new QLabel(this))
    , m_autoLockLabel(new QLabel(this))
    , m_actions(new Actions)
{
    setObjectName(QStringLiteral("mainWindow"));
    m_sidebar->setObjectName(QStringLiteral("sidebarListWidget"));
    m_stack->setObjectName(QStringLiteral("viewStackedWidget"));
    m_profileLabel->setObjectName(QStringLiteral("profileLabel"));
    m_roleLabel->setObjectName(QStringLiteral("roleLabel"));
    m_serverLabel->setObjectName(QStringLiteral("serverLabel"));
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    m_autoLockLabel->setObjectName(QStringLiteral("autoLockLabel"));

    const int iconSize = style()->pixelMetric(QStyle::PM_LargeIconSize);
    m_sidebar->setIconSize(QSize(iconSize, iconSize));
    m_sidebar->setUniformItemSizes(true);
    m_sidebar->setSpacing(2);

    // Each view only for the roles that may use it (DESIGN.md §4.1); the server refuses the rest anyway.
    // Later issues add Accounts, Backups, Incidents and Audit log here.
    const Capabilities may = m_session->capabilities();
    addView(QStringLiteral("overview"), m_overview, QStringLiteral(QT_TR_NOOP("&Overview")));
    auto* accounts = new AccountsView(session, this);
    addView(QStringLiteral("accounts"), accounts, QStringLiteral(QT_TR_NOOP("&Accounts")));
    if (may.canSeeAccess)
        addView(QStringLiteral("access"), new AccessView(session, this), QStringLiteral(QT_TR_NOOP("A&ccess")));
    // Audit log (i12-view): every role reads it; an account's "Who saw its data?" opens it filtered to that account.
    auto* audit = new AuditView(session, this);
    addView(QStringLiteral("audit"), audit, QStringLiteral(QT_TR_NOOP("A&udit log")));
    connect(accounts, &AccountsView::auditRequested, this, [this, audit](qint64 accountId) {
        showView(viewNames().indexOf(audit->objectName()));
        audit->showAccount(accountId);
    });
    // Backups (i13-view): every role reads it.
    addView(QStringLiteral("backups"), new BackupsView(session, this), QStringLiteral(QT_TR_NOOP("&Backups")));
    // incidents (issue 14): every role; auditors read.
    addView(QStringLiteral("incidents"), new IncidentsView(session, this), QStringLiteral(QT_TR_NOOP("&Incidents")));

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_sidebar);
    layout->addWidget(m_stack, 1);
    // Connection lost (issue 11): a banner over the views with the cause and Reconnect.
    auto* outer = new QWidget(this);
    auto* column = new QVBoxLayout(outer);
    column->setContentsMargins(0, 0, 0, 0);
    m_connectionBanner = new Banner(outer);
    m_connectionBanner->setObjectName(QStringLiteral("connectionBanner"));
    m_connectionBanner->hide();
    connect(m_connectionBanner, &Banner::actionTriggered, m_session, &Session::reconnect);
    column->addWidget(m_connectionBanner);
    column->addWidget(central, 1);
    setCentralWidget(outer);

    statusBar()->addWidget(m_profileLabel);
    statusBar()->addWidget(m_roleLabel);
    statusBar()->addWidget(m_serverLabel, 1);
    statusBar()->addPermanentWidget(m_connectionIcon);
    statusBar()->addPermanentWidget(m_connectionLabel);
    statusBar()->addPermanentWidget(m_autoLockLabel);

    createActions();
    auto* lockButton = new QToolButton(this);
    lockButton->setObjectName(QStringLiteral("statusLockButton"));
    lockButton->setDefaultAction(m_actions->lock);
    lockButton->setToolButtonStyle(Qt::ToolButtonIconOnly);
    statusBar()->addPermanentWidget(lockButton);
    connect(m_sidebar, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    connect(m_session, &Session::stateChanged, this, &MainWindow::updateStatus);
    connect(m_session, &Session::serverInfoChanged, this, &MainWindow::updateStatus);
    // Another CTO rotated a key meanwhile: the session reloaded the sealed keys before going on; say so.
    connect(m_session, &Session::keysReloaded, this,
            [this](const QString& message) { statusBar()->showMessage(message, 20000); });
    connect(m_settings, &Settings::changed, this, [this](Settings::Key key) {
        if (key == Settings::Key::Language)
            applyLanguage(m_settings->get(Settings::Key::Language).toString()); // LanguageChange retranslates
    });

    connect(m_overview, &OverviewView::viewRequested, this,
            [this](const QString& name) { showView(qMax(0, viewNames().indexOf(name))); });
    connect(m_overview, &OverviewView::aboutRequested, this, &MainWindow::showAbout); // issue 11: connection, schema
    showView(0);
    retranslate();
    resize(1280, 800);
}

MainWindow::~MainWindow()
{
    delete m_actions;
}

void MainWindow::addView(const QString& iconName, QWidget* view, const QString& title)
{
    auto* item = new QListWidgetItem(icon(iconName), QString(), m_sidebar);
    item->setData(Qt::UserRole, view->objectName());
    m_stack->addWidget(view);
    m_viewTitles.append(title);
}

QStringList MainWindow::viewNames() const
{
    QStringList names;
    for (int row = 0; row < m_sidebar->count(); ++row)
        names << m_sidebar->item(row)->data(Qt::UserRole).toString();
    return names;
}

void MainWindow::createActions()
{
    Actions& a = *m_actions;
    a.fileMenu = menuBar()->addMenu(QString());
    a.settings = a.fileMenu->addAction(icon(QStringLiteral("settings")), QString(), this, &MainWindow::showSettings);
    a.settings->setObjectName(QStringLiteral("settingsAction"));
    a.settings->setShortcut(QKeySequence::Preferences);
    a.fileMenu->addSeparator();
    a.quit = a.fileMenu->addAction(icon(QStringLiteral("quit")), QString(), qApp, &QApplication::closeAllWindows);
    a.quit->setObjectName(QStringLiteral("quitAction"));
    a.quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));

    a.lock = new QAction(icon(QStringLiteral("lock")), QString(), this);
    a.lock->setObjectName(QStringLiteral("lockAction"));
    a.lock->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(a.lock, &QAction::triggered, this, &MainWindow::lockRequested);
    a.fileMenu->insertAction(a.quit, a.lock);

    a.viewMenu = menuBar()->addMenu(QString());
    for (int row = 0; row < m_sidebar->count(); ++row) {
        QAction* view
            = a.viewMenu->addAction(m_sidebar->item(row)->icon(), QString(), this, [this, row] { showView(row); });
        view->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + row)));
        a.views.append(view);
    }
    a.overview = a.views.value(0);
    a.overview->setObjectName(QStringLiteral("overviewAction"));
    a.viewMenu->addSeparator();
    a.refresh = a.viewMenu->addAction(icon(QStringLiteral("refresh")), QString(), m_session, &Session::refresh);
    a.refresh->setObjectName(QStringLiteral("refreshAction"));
    a.refresh->setShortcut(QKeySequence::Refresh);

    a.helpMenu = menuBar()->addMenu(QString());
    a.about = a.helpMenu->addAction(icon(QStringLiteral("about")), QString(), this, &MainWindow::showAbout);
    a.about->setObjectName(QStringLiteral("aboutAction"));

    a.toolBar = addToolBar(QString());
    a.toolBar->setObjectName(QStringLiteral("mainToolBar"));
    a.toolBar->setMovable(false);
    a.toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    a.toolBar->addAction(a.lock);
    a.toolBar->addAction(a.refresh);
}

void MainWindow::showView(int row)
{
    m_sidebar->setCurrentRow(row);
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_settings, this);
    dialog.exec();
}

void MainWindow::showAbout()
{
    AboutDialog dialog(m_session->state() == Session::State::Unlocked ? &m_session->serverInfo() : nullptr, this);
    dialog.exec();
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslate()
{
    Actions& a = *m_actions;
    a.fileMenu->setTitle(tr("&File"));
    a.settings->setText(tr("&Settings…"));
    a.quit->setText(tr("&Quit"));
    a.viewMenu->setTitle(tr("&View"));
    for (int i = 0; i < a.views.size(); ++i)
        a.views[i]->setText(tr(m_viewTitles.at(i).toUtf8().constData()));
    a.lock->setText(tr("&Lock"));
    a.lock->setToolTip(tr("Lock the console now (Ctrl+L): keys and shown data are wiped"));
    a.toolBar->setWindowTitle(tr("Main toolbar"));
    a.refresh->setText(tr("&Refresh"));
    a.helpMenu->setTitle(tr("&Help"));
    a.about->setText(tr("&About Art32 Console"));

    for (int row = 0; row < m_sidebar->count(); ++row) {
        const QString title
            = tr(m_viewTitles.at(row).toUtf8().constData()).remove(QLatin1Char('&')); // mnemonic: menu only
        m_sidebar->item(row)->setText(title);
        m_sidebar->item(row)->setToolTip(title);
    }
    m_sidebar->setAccessibleName(tr("Views"));
    m_sidebar->setFixedWidth(m_sidebar->sizeHintForColumn(0) + 2 * m_sidebar->frameWidth() + 16);
    // The platform adds the application's display name ("demo_cto — Art32 Console"); naming it here as well
    // showed it twice.
    setWindowTitle(m_session->profile().name);
    updateStatus();
}

void MainWindow::setAutoLockRemaining(int seconds)
{
    m_autoLockSeconds = seconds;
    m_autoLockLabel->setText(
        seconds < 0 ? QString()
                    : tr("Auto-lock in %1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0')));
}

void MainWindow::updateStatus()
{
    const ServerInfo& info = m_session->serverInfo();
    const Profile& profile = m_session->profile();
    m_profileLabel->setText(tr("Profile: %1").arg(profile.name));
    m_roleLabel->setText(tr("Role: %1").arg(roleName(m_session->admin().role)));

    const QString where = profile.usesUnixSocket() ? tr("local socket") : profile.host;
    m_serverLabel->setText(info.serverVersion.isEmpty()
                               ? tr("Server: %1").arg(where)
                               : tr("Server: %1 (PostgreSQL %2)").arg(where, info.serverVersion));

    const bool connected = m_session->state() == Session::State::Unlocked;
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_connectionIcon->setPixmap(
        icon(connected ? QStringLiteral("connected") : QStringLiteral("disconnected")).pixmap(size, size));
    m_connectionLabel->setText(Session::describe(m_session->state()));
    m_connectionLabel->setToolTip(m_session->lastError().message);
    setAutoLockRemaining(m_autoLockSeconds);
    showConnectionBanner();
}

void MainWindow::showConnectionBanner()
{
    switch (m_session->state()) {
    case Session::State::ConnectionLost:
        m_connectionBanner->showMessage(
            Level::Error, tr("%1 Unsaved edits stay here; reconnect to save them.").arg(m_session->lastError().message),
            tr("Reconnect"));
        break;
    case Session::State::Connecting:
        m_connectionBanner->showMessage(Level::Unknown, tr("Reconnecting…"));
        break;
    default:
        m_connectionBanner->hide();
        break;
    }
}

} // namespace art32::ui
