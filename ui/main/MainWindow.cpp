#include "main/MainWindow.h"

#include "core/Settings.h"
#include "core/Translations.h"
#include "main/AboutDialog.h"
#include "overview/OverviewView.h"
#include "settings/SettingsDialog.h"
#include "store/Session.h"
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
    , m_actions(new Actions)
{
    setObjectName(QStringLiteral("mainWindow"));
    m_sidebar->setObjectName(QStringLiteral("sidebarListWidget"));
    m_stack->setObjectName(QStringLiteral("viewStackedWidget"));
    m_profileLabel->setObjectName(QStringLiteral("profileLabel"));
    m_roleLabel->setObjectName(QStringLiteral("roleLabel"));
    m_serverLabel->setObjectName(QStringLiteral("serverLabel"));
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));

    const int iconSize = style()->pixelMetric(QStyle::PM_LargeIconSize);
    m_sidebar->setIconSize(QSize(iconSize, iconSize));
    m_sidebar->setUniformItemSizes(true);
    m_sidebar->setSpacing(2);

    addView(QStringLiteral("overview"), m_overview);
    // Later issues add Accounts, Backups, Incidents, Audit log and Access here, each only for the roles
    // that may use it (DESIGN.md §4.1).

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_sidebar);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    statusBar()->addWidget(m_profileLabel);
    statusBar()->addWidget(m_roleLabel);
    statusBar()->addWidget(m_serverLabel, 1);
    statusBar()->addPermanentWidget(m_connectionIcon);
    statusBar()->addPermanentWidget(m_connectionLabel);

    createActions();
    connect(m_sidebar, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    connect(m_session, &Session::stateChanged, this, &MainWindow::updateStatus);
    connect(m_session, &Session::serverInfoChanged, this, &MainWindow::updateStatus);
    connect(m_settings, &Settings::changed, this, [this](Settings::Key key) {
        if (key == Settings::Key::Language)
            applyLanguage(m_settings->get(Settings::Key::Language).toString()); // LanguageChange retranslates
    });

    showView(0);
    retranslate();
    resize(1280, 800);
}

MainWindow::~MainWindow()
{
    delete m_actions;
}

void MainWindow::addView(const QString& iconName, QWidget* view)
{
    auto* item = new QListWidgetItem(icon(iconName), QString(), m_sidebar);
    item->setData(Qt::UserRole, iconName);
    m_stack->addWidget(view);
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

    a.viewMenu = menuBar()->addMenu(QString());
    a.overview = a.viewMenu->addAction(icon(QStringLiteral("overview")), QString(), this, [this] { showView(0); });
    a.overview->setObjectName(QStringLiteral("overviewAction"));
    a.overview->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    a.refresh = a.viewMenu->addAction(icon(QStringLiteral("refresh")), QString(), m_session, &Session::refresh);
    a.refresh->setObjectName(QStringLiteral("refreshAction"));
    a.refresh->setShortcut(QKeySequence::Refresh);

    a.helpMenu = menuBar()->addMenu(QString());
    a.about = a.helpMenu->addAction(icon(QStringLiteral("about")), QString(), this, &MainWindow::showAbout);
    a.about->setObjectName(QStringLiteral("aboutAction"));
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
    AboutDialog dialog(m_session->state() == Session::State::Connected ? &m_session->serverInfo() : nullptr, this);
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
    a.overview->setText(tr("&Overview"));
    a.refresh->setText(tr("&Refresh"));
    a.helpMenu->setTitle(tr("&Help"));
    a.about->setText(tr("&About Art32 Console"));

    const QStringList viewNames { tr("Overview") };
    for (int row = 0; row < m_sidebar->count() && row < viewNames.size(); ++row) {
        m_sidebar->item(row)->setText(viewNames.at(row));
        m_sidebar->item(row)->setToolTip(viewNames.at(row));
    }
    m_sidebar->setAccessibleName(tr("Views"));
    m_sidebar->setFixedWidth(m_sidebar->sizeHintForColumn(0) + 2 * m_sidebar->frameWidth() + 16);
    setWindowTitle(tr("Art32 Console — %1").arg(m_session->profile().name));
    updateStatus();
}

void MainWindow::updateStatus()
{
    const ServerInfo& info = m_session->serverInfo();
    const Profile& profile = m_session->profile();
    m_profileLabel->setText(tr("Profile: %1").arg(profile.name));

    QString role = tr("unknown");
    if (info.groupRole == QLatin1String("art32_cto"))
        role = tr("CTO");
    else if (info.groupRole == QLatin1String("art32_sysadmin"))
        role = tr("System administrator");
    else if (info.groupRole == QLatin1String("art32_auditor"))
        role = tr("Auditor");
    m_roleLabel->setText(tr("Role: %1").arg(role));

    const QString where = profile.usesUnixSocket() ? tr("local socket") : profile.host;
    m_serverLabel->setText(info.serverVersion.isEmpty()
                               ? tr("Server: %1").arg(where)
                               : tr("Server: %1 (PostgreSQL %2)").arg(where, info.serverVersion));

    const bool connected = m_session->state() == Session::State::Connected;
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_connectionIcon->setPixmap(
        icon(connected ? QStringLiteral("connected") : QStringLiteral("disconnected")).pixmap(size, size));
    m_connectionLabel->setText(Session::describe(m_session->state()));
    m_connectionLabel->setToolTip(m_session->lastError().message);
}

} // namespace art32::ui
