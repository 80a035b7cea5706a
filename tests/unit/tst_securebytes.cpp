#include "crypto/SecureBytes.h"
#include "keychain/Keychain.h"

#include <QTest>

using art32::SecureBytes;

class TestSecureBytes : public QObject
{
    Q_OBJECT

private slots:
    void copiesAndCompares()
    {
        const QByteArray raw = QByteArrayLiteral("correct horse battery staple");
        SecureBytes a = SecureBytes::fromByteArray(raw);
        QCOMPARE(a.size(), std::size_t(raw.size()));
        QCOMPARE(a.view(), raw);
        SecureBytes b = SecureBytes::fromByteArray(raw);
        QVERIFY(a.equals(b));
        SecureBytes c = SecureBytes::fromByteArray(QByteArrayLiteral("correct horse battery stapla"));
        QVERIFY(!a.equals(c));
        QVERIFY(!a.equals(SecureBytes()));
    }

    void moveLeavesSourceEmpty()
    {
        SecureBytes a = SecureBytes::fromByteArray(QByteArrayLiteral("key"));
        SecureBytes b(std::move(a));
        QVERIFY(a.isEmpty()); // NOLINT(bugprone-use-after-move): the moved-from state is what we test
        QCOMPARE(b.view(), QByteArrayLiteral("key"));
        b.clear();
        QVERIFY(b.isEmpty());
        QVERIFY(b.data() == nullptr);
    }

    void wipeNeverTouchesSharedCopies()
    {
        const QByteArray original = QByteArrayLiteral("hunter2-hunter2");
        QByteArray secret = original; // implicitly shared with original
        art32::wipe(secret);
        QVERIFY(secret.isEmpty());
        QCOMPARE(original, QByteArrayLiteral("hunter2-hunter2"));
    }
};

QTEST_GUILESS_MAIN(TestSecureBytes)
#include "tst_securebytes.moc"
