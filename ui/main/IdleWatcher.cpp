#include "main/IdleWatcher.h"

#include "core/Clock.h"

#include <QCoreApplication>
#include <QEvent>

namespace art32::ui {
namespace {

constexpr int kKeepAliveSeconds = 60;

} // namespace

IdleWatcher::IdleWatcher(const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &IdleWatcher::check);
    QCoreApplication::instance()->installEventFilter(this);
}

IdleWatcher::~IdleWatcher()
{
    if (auto* app = QCoreApplication::instance())
        app->removeEventFilter(this);
}

void IdleWatcher::start(int timeoutSeconds)
{
    m_timeout = qMax(1, timeoutSeconds);
    m_active = true;
    m_lastActivity = m_clock.now();
    m_lastKeepAlive = m_lastActivity;
    m_tick.start();
    emit remainingChanged(remainingSeconds());
}

void IdleWatcher::stop()
{
    m_active = false;
    m_tick.stop();
}

int IdleWatcher::remainingSeconds() const
{
    if (!m_active)
        return 0;
    return static_cast<int>(qMax<qint64>(0, m_timeout - m_lastActivity.secsTo(m_clock.now())));
}

void IdleWatcher::touch()
{
    if (m_active)
        m_lastActivity = m_clock.now();
}

void IdleWatcher::check()
{
    if (!m_active)
        return;
    const int remaining = remainingSeconds();
    emit remainingChanged(remaining);
    if (remaining == 0) {
        stop();
        emit idle();
        return;
    }
    // Keep the server's expiry moving only while someone is actually working.
    if (m_lastKeepAlive.secsTo(m_clock.now()) >= kKeepAliveSeconds && m_lastActivity > m_lastKeepAlive) {
        m_lastKeepAlive = m_clock.now();
        emit keepAliveDue();
    }
}

bool IdleWatcher::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
        touch();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace art32::ui
