#include "main/Console.h"

#include "core/Logging.h"
#include "core/Settings.h"
#include "demo/DemoCluster.h"
#include "keychain/Keychain.h"
#include "main/IdleWatcher.h"
#include "main/MainWindow.h"
#include "main/ScreenLockWatcher.h"
#include "session/Session.h"
#include "store/Profile.h"
#include "unlock/EnrollDialog.h"
#include "unlock/UnlockDialog.h"

#include <QApplication>
#include <QDialog>

namespace art32::ui {

Console::Console(Settings* settings, ProfileStore* profiles, Keychain* keychain, const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
    , m_profiles(profiles)
    , m_keychain(keychain)
    , m_dialog(std::make_unique<UnlockDialog>())
    , m_idle(std::make_unique<IdleWatcher>(clock))
    , m_screenLock(std::make_unique<ScreenLockWatcher>())
{
    connect(m_dialog.get(), &UnlockDialog::profileChosen, this, &Console::selectProfile);
    connect(m_dialog.get(), &UnlockDialog::setUpRequested, this, &Console::setUp);
    connect(m_dialog.get(), &UnlockDialog::quitRequested, qApp, &QCoreApplication::quit);
    connect(m_idle.get(), &IdleWatcher::idle, this, [this] {
        qCInfo(lcUi) << "locking: idle timeout";
        lockNow();
        m_dialog->showMessage(tr("Locked after %1 minutes without activity.")
                                  .arg(m_settings->get(Settings::Key::IdleLockMinutes).toInt()));
    });
    connect(m_idle.get(), &IdleWatcher::keepAliveDue, this, [this] {
        if (m_session)
            m_session->keepAlive();
    });
    connect(m_screenLock.get(), &ScreenLockWatcher::locked, this, [this](ScreenLockWatcher::Reason reason) {
        if (!m_session || m_session->state() != Session::State::Unlocked)
            return;
        qCInfo(lcUi) << "locking:" << reason;
        lockNow();
        m_dialog->showMessage(reason == ScreenLockWatcher::Reason::Sleep
                                  ? tr("Locked because the computer is going to sleep.")
                                  : tr("Locked because the screen was locked."));
    });
}

Console::~Console()
{
    m_idle->stop();
    delete m_window.data(); // no dialog of it can be running now
}

MainWindow* Console::mainWindow() const
{
    return m_window;
}

bool Console::start(const QString& preferredProfile)
{
    QStringList names;
    for (const Profile& p : m_profiles->all())
        names << p.name;
    if (names.isEmpty())
        return false;
    QString name = preferredProfile;
    if (!names.contains(name))
        name = m_settings->get(Settings::Key::LastProfile).toString();
    if (!names.contains(name) && names.contains(QLatin1String(DemoCluster::kDefaultProfile)))
        name = QLatin1String(DemoCluster::kDefaultProfile); // what the README tells a newcomer to unlock as
    if (!names.contains(name))
        name = names.first();
    m_dialog->setProfiles(names, name);
    selectProfile(name);
    m_dialog->show();
    return true;
}

void Console::selectProfile(const QString& name)
{
    auto profile = m_profiles->find(name);
    if (!profile) {
        m_dialog->showMessage(profile.error().message);
        return;
    }
    closeMainWindow();
    m_dialog->setSession(nullptr);
    m_session = std::make_unique<Session>(profile.value(), m_keychain);
    connect(m_session.get(), &Session::stateChanged, this, &Console::sessionStateChanged);
    m_dialog->setSession(m_session.get());
    m_settings->set(Settings::Key::LastProfile, name);
    m_session->open();
}

void Console::sessionStateChanged()
{
    switch (m_session->state()) {
    case Session::State::Unlocked:
        openMainWindow();
        break;
    case Session::State::Locked:
        if (m_window && m_session->resuming()) {
            // Reconnected after the connection was lost: the server wants a new code. The window waits hidden, not
            // deleted, so an unsaved edit is still there after the unlock.
            hideMainWindow();
            m_dialog->show();
            m_dialog->showMessage(tr("The connection is back. The server ended the unlocked session with the old "
                                     "connection: enter a new code to go on. Unsaved edits are kept."));
            break;
        }
        [[fallthrough]];
    case Session::State::Failed:
        if (m_window) {
            // Locked by the server (idle expiry, reconnect) or lost: no data stays on screen.
            closeMainWindow();
            m_dialog->show();
        }
        break;
    default:
        break;
    }
}

void Console::openMainWindow()
{
    if (m_window) {
        if (!m_window->isVisible()) {
            // Back from a reconnect: the same window, with what it held.
            m_idle->start(
                qMax(1,
                     qMin(m_settings->get(Settings::Key::IdleLockMinutes).toInt(), m_session->serverInfo().idleMinutes))
                * 60);
            m_dialog->hide();
            m_window->show();
        }
        return;
    }
    m_window = new MainWindow(m_settings, m_session.get());
    m_window->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_window, &MainWindow::lockRequested, this, &Console::lockNow);
    connect(m_idle.get(), &IdleWatcher::remainingChanged, m_window, &MainWindow::setAutoLockRemaining);
    // The stricter of this machine's setting and the server's policy.
    const int minutes
        = qMin(m_settings->get(Settings::Key::IdleLockMinutes).toInt(), m_session->serverInfo().idleMinutes);
    m_idle->start(qMax(1, minutes) * 60);
    m_dialog->hide();
    m_window->show();
}

void Console::closeMainWindow()
{
    m_idle->stop();
    if (!m_window)
        return;
    // A lock can come while one of the window's dialogs runs its own event loop (Settings, About): end those
    // first, hide the window at once, and delete it once control is back in the main loop. Not through
    // close(), which would quit the application when it is the last window.
    for (QDialog* dialog : m_window->findChildren<QDialog*>())
        dialog->reject();
    m_window->hide();
    m_window->deleteLater();
    m_window = nullptr;
}

void Console::hideMainWindow()
{
    m_idle->stop();
    if (!m_window)
        return;
    for (QDialog* dialog : m_window->findChildren<QDialog*>())
        dialog->reject();
    m_window->hide();
}

void Console::lockNow()
{
    if (!m_session)
        return;
    // The dialog first, so the application never has zero windows (which would quit it).
    m_dialog->setSession(m_session.get());
    m_dialog->show();
    closeMainWindow();
    m_session->lock();
}

void Console::setUp()
{
    if (!m_session)
        return;
    EnrollDialog dialog(m_session.get(), m_keychain, m_dialog.get());
    dialog.exec();
}

} // namespace art32::ui
