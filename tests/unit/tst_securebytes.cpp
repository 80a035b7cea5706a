#include "auth/KeyRing.h"
#include "crypto/SecureBytes.h"
#include "keychain/Keychain.h"

#include <QTest>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

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

    void nestedKeyReadsKeepTheKeyReadableUntilTheLastEnds()
    {
        art32::KeyRing ring;
        ring.insert(art32::KeyKind::Kek, 1,
                    art32::SecureBytes::fromByteArray(QByteArrayLiteral("0123456789abcdef0123456789abcdef")));
        const art32::SecureBytes* outer = nullptr;
        // In a child: a key closed under its reader faults, and the fault must end the child, not the test.
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            const rlimit noCore { 0, 0 };
            setrlimit(RLIMIT_CORE, &noCore);
            const bool same = ring.withEveryKek([&](auto lookup) {
                outer = lookup(1);
                // An inner read of the same key ends first; the outer reader goes on reading.
                const bool inner
                    = ring.withKek(1, [](const art32::SecureBytes& k) { return k.view().size() == 32; }).value();
                return inner && outer->view() == QByteArrayLiteral("0123456789abcdef0123456789abcdef");
            });
            _exit(same ? 0 : 3);
        }
        int status = 0;
        QCOMPARE(waitpid(child, &status, 0), child);
        QVERIFY2(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the inner read closed the key under the outer one");

        // After the last reader the key is inaccessible again: reading it faults.
        ring.withEveryKek([&](auto lookup) {
            outer = lookup(1);
            return 0;
        });
        const pid_t reader = fork();
        QVERIFY(reader >= 0);
        if (reader == 0) {
            const rlimit noCore { 0, 0 };
            setrlimit(RLIMIT_CORE, &noCore);
            volatile char c = outer->view().at(0);
            Q_UNUSED(c);
            _exit(0);
        }
        QCOMPARE(waitpid(reader, &status, 0), reader);
        QVERIFY2(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0),
                 "a key stayed readable after its last reader");
    }

    void keysInUseAreReadOnly()
    {
        SecureBytes key = SecureBytes::fromByteArray(QByteArrayLiteral("0123456789abcdef0123456789abcdef"));
        key.forbidAccess();
        key.allowReading();
        QCOMPARE(key.view(), QByteArrayLiteral("0123456789abcdef0123456789abcdef"));
        // A write now faults: in a child process, so the fault ends the child and not the test.
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            const rlimit noCore { 0, 0 };
            setrlimit(RLIMIT_CORE, &noCore);
            key.data()[0] = 'x';
            _exit(0);
        }
        int status = 0;
        QCOMPARE(waitpid(child, &status, 0), child);
        // Killed by the fault, or (under AddressSanitizer, which catches it) exited with an error.
        QVERIFY2(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0),
                 "writing to a key opened for reading did not fault");
        key.forbidAccess();
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

    void wipeZeroesTheSharedOriginal()
    {
        // QtKeychain hands out a QByteArray that shares its buffer with the job's own: wiping a detached copy
        // would leave the password in the original.
        const QByteArray original = QByteArray("hunter2-") + QByteArray("hunter2");
        QByteArray secret = original; // implicitly shared with original
        QVERIFY(!secret.isDetached());
        art32::wipe(secret);
        QVERIFY(secret.isEmpty());
        QCOMPARE(original, QByteArray(15, '\0'));
    }

    void wipeLeavesStaticDataAlone()
    {
        QByteArray literal = QByteArrayLiteral("not-a-heap-buffer"); // read-only memory: a write would fault
        art32::wipe(literal);
        QVERIFY(literal.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSecureBytes)
#include "tst_securebytes.moc"
