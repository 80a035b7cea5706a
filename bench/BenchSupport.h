#pragma once

#include <QEventLoop>
#include <QTimer>

/** Lets the application's event loop run until a condition holds (benchmark mains only); false on timeout. */
template<typename F> bool waitUntil(F&& condition, int timeoutMs = 60000)
{
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (condition())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    poll.start(0);
    loop.exec();
    return condition();
}
