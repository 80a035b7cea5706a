#include "TestSupport.h"
#include "keychain/Keychain.h"

#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QUuid>

using art32::Keychain;

/** Round trips through QtKeychain against the harness's private gnome-keyring (Secret Service). */
class TestKeychain : public QObject
{
    Q_OBJECT

    // A service name of our own per run, so nothing collides with other entries.
    Keychain m_keychain {
        QStringLiteral("Art32 Console test %1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces))
    };

private slots:
    void initTestCase() { ART32_REQUIRE_SERVICES(); }

    void missingEntryIsNotFound()
    {
        const auto reply = m_keychain.readNow(QStringLiteral("profile/none/db-password"));
        QCOMPARE(reply.status, Keychain::Status::NotFound);
        QVERIFY(reply.secret.isEmpty());
        QVERIFY(!reply.message.isEmpty());
    }

    void writeReadOverwriteDelete()
    {
        const QString key = QStringLiteral("profile/test/db-password");
        // Binary, with NUL and non-ASCII bytes: the keychain must return exactly what was stored.
        const QByteArray first = QByteArray("p\0ss\xffw\xc3\xa9rd", 10);
        QVERIFY(m_keychain.writeNow(key, first).ok());
        auto read = m_keychain.readNow(key);
        QCOMPARE(read.status, Keychain::Status::Ok);
        QCOMPARE(read.secret, first);

        const QByteArray second = QByteArrayLiteral("second-password");
        QVERIFY(m_keychain.writeNow(key, second).ok());
        read = m_keychain.readNow(key);
        QCOMPARE(read.secret, second);

        QVERIFY(m_keychain.removeNow(key).ok());
        QCOMPARE(m_keychain.readNow(key).status, Keychain::Status::NotFound);
    }

    void entriesAreSeparatedByKeyAndService()
    {
        Keychain other(m_keychain.service() + QStringLiteral(" (other)"));
        QVERIFY(m_keychain.writeNow(QStringLiteral("a"), "alpha").ok());
        QVERIFY(m_keychain.writeNow(QStringLiteral("b"), "beta").ok());
        QCOMPARE(m_keychain.readNow(QStringLiteral("a")).secret, QByteArrayLiteral("alpha"));
        QCOMPARE(m_keychain.readNow(QStringLiteral("b")).secret, QByteArrayLiteral("beta"));
        QCOMPARE(other.readNow(QStringLiteral("a")).status, Keychain::Status::NotFound);
        m_keychain.removeNow(QStringLiteral("a"));
        m_keychain.removeNow(QStringLiteral("b"));
    }

    void asynchronousReadAnswersLater()
    {
        const QString key = QStringLiteral("async");
        QVERIFY(m_keychain.writeNow(key, "later").ok());
        bool answered = false;
        Keychain::Reply got;
        m_keychain.read(key, [&](Keychain::Reply r) {
            got = std::move(r);
            answered = true;
        });
        QVERIFY(!answered); // the call returns before the keychain answered: the GUI never waits
        QTRY_VERIFY(answered);
        QCOMPARE(got.secret, QByteArrayLiteral("later"));
        m_keychain.removeNow(key);
    }

    /**
     * A read that finds nothing asks the session bus whether the collection is locked (blocking D-Bus calls): that
     * runs on a pool thread, not on the thread that asked (the GUI thread in the console), and the answer comes back
     * on the asking thread.
     */
    void aFailedReadIsClassifiedOffTheCallersThread()
    {
        static QThread* classifiedOn = nullptr;
        static QtMessageHandler previous = nullptr;
        classifiedOn = nullptr;
        QLoggingCategory::setFilterRules(QStringLiteral("art32.keychain.debug=true"));
        previous = qInstallMessageHandler([](QtMsgType type, const QMessageLogContext& context, const QString& msg) {
            if (msg.contains(QLatin1String("keychain entry not found")))
                classifiedOn = QThread::currentThread();
            else if (previous)
                previous(type, context, msg);
        });
        const auto restore = qScopeGuard([] {
            qInstallMessageHandler(previous);
            QLoggingCategory::setFilterRules(QString());
        });
        bool answered = false;
        QThread* answeredOn = nullptr;
        Keychain::Reply got;
        m_keychain.read(QStringLiteral("profile/none/private-key"), [&](Keychain::Reply r) {
            got = std::move(r);
            answeredOn = QThread::currentThread();
            answered = true;
        });
        QTRY_VERIFY(answered);
        QCOMPARE(got.status, Keychain::Status::NotFound);
        QVERIFY(classifiedOn != nullptr);
        QVERIFY(classifiedOn != QThread::currentThread());
        QCOMPARE(answeredOn, QThread::currentThread());
    }
};

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
