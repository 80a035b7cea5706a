#include "keychain/Keychain.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using art32::Keychain;

/**
 * With no Secret Service at all, the keychain layer must say so clearly, in any language, and must never fall
 * back to storing the secret in a plain file. ctest runs this with a session bus address that leads nowhere
 * (tst_keychain_noservice), with a bus that can start no keychain (tst_keychain_nobackend), and both again in
 * Dutch (_nl), where GLib and libdbus translate the errors QtKeychain passes on.
 */
class TestKeychainNoService : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    const QByteArray m_secret = QByteArrayLiteral("must-never-reach-disk-7f3a9c");

    static bool treeContains(const QString& root, const QByteArray& needle)
    {
        QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
                return true;
        }
        return false;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(QLatin1String("nonexistent"))
                || qEnvironmentVariableIsSet("ART32_TEST_BUS_WITHOUT_KEYCHAIN"));
        // Where QtKeychain's insecure fallback would write (QSettings of this application), a fresh folder.
        qputenv("HOME", m_home.path().toLocal8Bit());
        qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toLocal8Bit());
        qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toLocal8Bit());
        QCoreApplication::setOrganizationName(QStringLiteral("Art32"));
        QCoreApplication::setApplicationName(QStringLiteral("art32"));
    }

    void writeSaysNoService()
    {
        Keychain keychain;
        const auto reply = keychain.writeNow(QStringLiteral("profile/demo/db-password"), m_secret);
        QCOMPARE(reply.status, Keychain::Status::NoService);
        // The console's own message (translated by the app), never the raw D-Bus error.
        QCOMPARE(reply.message, Keychain::messageFor(Keychain::Status::NoService));
        QVERIFY(reply.message.contains(QLatin1String("No keychain service is running")));
        QVERIFY(reply.message.contains(QLatin1String("GNOME Keyring")));
    }

    void readSaysNoService()
    {
        Keychain keychain;
        const auto reply = keychain.readNow(QStringLiteral("profile/demo/db-password"));
        QCOMPARE(reply.status, Keychain::Status::NoService);
        QCOMPARE(reply.message, Keychain::messageFor(Keychain::Status::NoService));
        QVERIFY(reply.secret.isEmpty());
    }

    void removeSaysNoService()
    {
        Keychain keychain;
        const auto reply = keychain.removeNow(QStringLiteral("profile/demo/db-password"));
        QCOMPARE(reply.status, Keychain::Status::NoService);
        QCOMPARE(reply.message, Keychain::messageFor(Keychain::Status::NoService));
    }

    void nothingWasWrittenInPlaintext()
    {
        QSettings settings; // the file the insecure fallback would have used
        QVERIFY(settings.allKeys().isEmpty());
        QVERIFY(!treeContains(m_home.path(), m_secret));
        QVERIFY(!treeContains(m_home.path(), m_secret.toBase64()));
    }
};

QTEST_GUILESS_MAIN(TestKeychainNoService)
#include "tst_keychain_noservice.moc"
