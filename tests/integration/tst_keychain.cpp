#include "TestSupport.h"
#include "keychain/Keychain.h"

#include <QSignalSpy>
#include <QTest>
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
};

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
