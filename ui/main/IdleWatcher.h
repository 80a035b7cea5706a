#pragma once

#include <QDateTime>
#include <QObject>
#include <QTimer>

namespace art32 {
class Clock;
}

namespace art32::ui {

/**
 * Watches the application's input for the idle lock: after `timeout` without a key press, click or wheel it
 * emits idle(). While the user is active it asks for a keep-alive now and then, so the server's own idle
 * expiry moves along. The clock is injected; check() does one tick (tests call it after moving the clock).
 */
class IdleWatcher : public QObject
{
    Q_OBJECT

public:
    explicit IdleWatcher(const Clock& clock, QObject* parent = nullptr);
    ~IdleWatcher() override;

    void start(int timeoutSeconds);
    void stop();
    bool isActive() const { return m_active; }
    /** Seconds until the lock (0 when idle or stopped). */
    int remainingSeconds() const;
    void check();
    /** Counts as user activity (also what the event filter calls). */
    void touch();

signals:
    void idle();
    void keepAliveDue();
    void remainingChanged(int seconds);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    const Clock& m_clock;
    QTimer m_tick;
    bool m_active = false;
    int m_timeout = 600;
    QDateTime m_lastActivity;
    QDateTime m_lastKeepAlive;
};

} // namespace art32::ui
