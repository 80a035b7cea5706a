#pragma once

#include <QDateTime>

namespace art32 {

/**
 * The time, injectable: everything time-based (TOTP, idle lock, deadlines, retention) asks a Clock, so
 * tests can move time without sleeping.
 */
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const { return QDateTime::currentDateTimeUtc(); }
    qint64 secondsSinceEpoch() const { return now().toSecsSinceEpoch(); }

    static const Clock& system();
};

/** A clock that stands still until moved. */
class ManualClock : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime::currentDateTimeUtc())
        : m_now(std::move(start))
    { }
    QDateTime now() const override { return m_now; }
    void set(const QDateTime& t) { m_now = t; }
    void advance(qint64 seconds) { m_now = m_now.addSecs(seconds); }

private:
    QDateTime m_now;
};

} // namespace art32
