#pragma once

#include <QObject>
#include <QPointer>
#include <memory>

namespace art32 {
class Clock;
class Keychain;
class ProfileStore;
class Session;
class Settings;
} // namespace art32

namespace art32::ui {

class IdleWatcher;
class MainWindow;
class ScreenLockWatcher;
class UnlockDialog;

/**
 * The console's life cycle: profile → unlock dialog → main window → lock → unlock dialog. Locking (Ctrl+L,
 * idle, screen lock, or the server's own expiry) wipes the keys, closes the window with every view that
 * showed data, tells the server, and asks for a code again.
 */
class Console : public QObject
{
    Q_OBJECT

public:
    Console(Settings* settings, ProfileStore* profiles, Keychain* keychain, const Clock& clock,
            QObject* parent = nullptr);
    ~Console() override;

    /** Shows the unlock dialog for the preferred (or last used, or the demo's CTO, or first) profile. False when there
     * is none. */
    bool start(const QString& preferredProfile = QString());

    Session* session() const { return m_session.get(); }
    UnlockDialog* unlockDialog() const { return m_dialog.get(); }
    MainWindow* mainWindow() const;
    IdleWatcher* idleWatcher() const { return m_idle.get(); }

public slots:
    void lockNow();

private:
    void selectProfile(const QString& name);
    void sessionStateChanged();
    void openMainWindow();
    void closeMainWindow();
    /** Hides the window without deleting it, while a reconnect waits for a new code. */
    void hideMainWindow();
    void setUp();

    Settings* m_settings;
    ProfileStore* m_profiles;
    Keychain* m_keychain;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<UnlockDialog> m_dialog;
    QPointer<MainWindow> m_window;
    std::unique_ptr<IdleWatcher> m_idle;
    std::unique_ptr<ScreenLockWatcher> m_screenLock;
};

} // namespace art32::ui
