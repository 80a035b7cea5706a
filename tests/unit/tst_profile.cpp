#include "store/Profile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using art32::Profile;
using art32::ProfileStore;

class TestProfile : public QObject
{
    Q_OBJECT

private slots:
    void quoting_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("quoted");
        QTest::newRow("plain") << "db"
                               << "'db'";
        QTest::newRow("space") << "my db"
                               << "'my db'";
        QTest::newRow("quote") << "o'brien"
                               << "'o\\'brien'";
        QTest::newRow("backslash") << "a\\b"
                                   << "'a\\\\b'";
        QTest::newRow("injection") << "x' host='evil"
                                   << "'x\\' host=\\'evil'";
        QTest::newRow("utf8") << QStringLiteral("gebruiker-é") << QStringLiteral("'gebruiker-é'");
    }

    void quoting()
    {
        QFETCH(QString, value);
        QFETCH(QString, quoted);
        QCOMPARE(QString::fromStdString(art32::quoteConnValue(value)), quoted);
    }

    void connectionStringForSocketHasNoTls()
    {
        Profile p;
        p.name = QStringLiteral("local");
        p.host = QStringLiteral("/run/postgresql");
        p.port = QStringLiteral("5432");
        p.database = QStringLiteral("art32");
        p.user = QStringLiteral("alice");
        const QString s = QString::fromStdString(p.connectionString());
        QVERIFY(s.contains(QLatin1String("host='/run/postgresql'")));
        QVERIFY(s.contains(QLatin1String("dbname='art32'")));
        QVERIFY(!s.contains(QLatin1String("sslmode")));
        QVERIFY(!s.contains(QLatin1String("password")));
    }

    void remoteDefaultsToVerifyFull()
    {
        Profile p;
        p.name = QStringLiteral("prod");
        p.host = QStringLiteral("db1.example.nl,db2.example.nl");
        p.port = QStringLiteral("5432,5433");
        p.database = QStringLiteral("art32");
        p.user = QStringLiteral("alice");
        QVERIFY(p.validate());
        const QString s = QString::fromStdString(p.connectionString());
        QVERIFY(s.contains(QLatin1String("sslmode='verify-full'")));
        // SCRAM bound to the TLS channel: libpq refuses a cleartext or MD5 password request before sending.
        QVERIFY(s.contains(QLatin1String("channel_binding='require'")));
        QVERIFY(s.contains(QLatin1String("host='db1.example.nl,db2.example.nl'")));
        QVERIFY(s.contains(QLatin1String("target_session_attrs='read-write'")));
        QVERIFY(!s.contains(QLatin1String("password")));
    }

    void socketsAndNetworkHostsDoNotMix()
    {
        Profile p;
        p.name = QStringLiteral("ha");
        p.host = QStringLiteral("/run/postgresql,db.example.nl");
        p.database = QStringLiteral("art32");
        p.user = QStringLiteral("alice");
        // A network host in the list still gets verified TLS, but the list is refused: channel binding (which
        // refuses cleartext passwords) cannot work over the socket.
        QVERIFY(QString::fromStdString(p.connectionString()).contains(QLatin1String("sslmode='verify-full'")));
        QCOMPARE(p.validate().error().code, QStringLiteral("profile.hosts_mixed"));
    }

    void loopbackIsTheNetwork()
    {
        Profile p;
        p.name = QStringLiteral("local");
        p.host = QStringLiteral("127.0.0.2");
        p.database = QStringLiteral("art32");
        p.user = QStringLiteral("alice");
        QVERIFY(p.isRemote());
        QVERIFY(QString::fromStdString(p.connectionString()).contains(QLatin1String("channel_binding='require'")));
    }

    void validation_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("port");
        QTest::addColumn<QString>("sslMode");
        QTest::addColumn<QString>("code");
        QTest::newRow("ok-socket") << "demo"
                                   << "/tmp/x"
                                   << "5432"
                                   << ""
                                   << "";
        QTest::newRow("ok-remote") << "prod"
                                   << "db.example.nl"
                                   << "5432"
                                   << "verify-full"
                                   << "";
        QTest::newRow("localhost-plain") << "dev"
                                         << "localhost"
                                         << "5432"
                                         << "disable"
                                         << "profile.tls";
        QTest::newRow("remote-verify-ca") << "prod"
                                          << "db.example.nl"
                                          << "5432"
                                          << "verify-ca"
                                          << "profile.tls";
        QTest::newRow("empty-host") << "prod"
                                    << ""
                                    << "5432"
                                    << ""
                                    << "profile.host";
        QTest::newRow("socket-bogus-sslmode") << "demo"
                                              << "/tmp/x"
                                              << "5432"
                                              << "bogus"
                                              << "profile.tls";
        QTest::newRow("remote-no-verify") << "prod"
                                          << "db.example.nl"
                                          << "5432"
                                          << "require"
                                          << "profile.tls";
        QTest::newRow("remote-prefer") << "prod"
                                       << "10.0.0.5"
                                       << "5432"
                                       << "prefer"
                                       << "profile.tls";
        QTest::newRow("bad-name") << "../etc"
                                  << "/tmp"
                                  << "5432"
                                  << ""
                                  << "profile.name";
        QTest::newRow("empty-name") << ""
                                    << "/tmp"
                                    << "5432"
                                    << ""
                                    << "profile.name";
        QTest::newRow("ports-mismatch") << "ha"
                                        << "a.nl,b.nl,c.nl"
                                        << "1,2"
                                        << ""
                                        << "profile.ports";
        // Issue 10: values that failed only at connect, with "the connection was lost".
        const auto row
            = [](const char* name, const char* host, const char* port, const char* sslMode, const char* code) {
                  QTest::newRow(name) << QStringLiteral("p") << QString::fromUtf8(host) << QString::fromUtf8(port)
                                      << QString::fromUtf8(sslMode) << QString::fromUtf8(code);
              };
        row("port-not-a-number", "/tmp/x", "abc", "", "profile.ports");
        row("port-zero", "/tmp/x", "0", "", "profile.ports");
        row("port-too-large", "/tmp/x", "65536", "", "profile.ports");
        row("port-negative", "/tmp/x", "-5432", "", "profile.ports");
        row("port-list-with-junk", "a.nl,b.nl", "5432,x", "verify-full", "profile.ports");
        row("port-list-with-a-hole", "a.nl,b.nl", "5432,", "verify-full", "profile.ports");
        row("port-list-ok", "a.nl,b.nl", "5432,6432", "verify-full", "");
        row("port-empty-is-the-default", "/tmp/x", "", "", "");
        row("port-highest", "/tmp/x", "65535", "", "");
        row("host-not-utf8", "db\xff.example.nl", "5432", "verify-full", "profile.host");
        row("host-control-character", "db\n.example.nl", "5432", "verify-full", "profile.host");
        row("socket-unknown-sslmode", "/tmp/x", "5432", "verify-everything", "profile.tls");
    }

    void validation()
    {
        QFETCH(QString, name);
        QFETCH(QString, host);
        QFETCH(QString, port);
        QFETCH(QString, sslMode);
        QFETCH(QString, code);
        Profile p;
        p.name = name;
        p.host = host;
        p.port = port;
        p.sslMode = sslMode;
        p.database = QStringLiteral("art32");
        p.user = QStringLiteral("alice");
        const auto r = p.validate();
        QCOMPARE(r.ok(), code.isEmpty());
        if (!code.isEmpty()) {
            QCOMPARE(r.error().code, code);
            QVERIFY(!r.error().message.isEmpty());
        }
    }

    void storeRoundTripKeepsNoSecret()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("settings.ini"));
        Profile p;
        p.name = QStringLiteral("prod");
        p.host = QStringLiteral("db.example.nl");
        p.port = QStringLiteral("5432");
        p.database = QStringLiteral("art32");
        p.user = QStringLiteral("alice");
        p.sslMode = QStringLiteral("verify-full");
        p.sslRootCert = QStringLiteral("/etc/ssl/art32-ca.pem");
        {
            ProfileStore store(file);
            QVERIFY(store.save(p));
            Profile bad = p;
            bad.name = QStringLiteral("bad");
            bad.sslMode = QStringLiteral("disable");
            QVERIFY(!store.save(bad)); // refused, and so not stored
        }
        ProfileStore reread(file);
        const auto found = reread.find(QStringLiteral("prod"));
        QVERIFY(found);
        QCOMPARE(found.value(), p);
        QCOMPARE(reread.all().size(), 1);
        QCOMPARE(found->passwordKey(), QStringLiteral("profile/prod/db-password"));

        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!f.readAll().toLower().contains("password"));

        reread.remove(QStringLiteral("prod"));
        QVERIFY(!reread.find(QStringLiteral("prod")));
        QCOMPARE(reread.find(QStringLiteral("prod")).error().code, QStringLiteral("profile.missing"));
    }

    void pgbackrestStanzaRoundTrip()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("settings.ini"));
        Profile p;
        p.name = QStringLiteral("big");
        p.host = QStringLiteral("/run/postgresql");
        p.database = QStringLiteral("art32");
        p.user = QStringLiteral("alice");
        p.pgbackrestStanza = QStringLiteral("main");
        p.pgbackrestConfig = QStringLiteral("/etc/pgbackrest/pgbackrest.conf");
        {
            ProfileStore store(file);
            QVERIFY(store.save(p));
        }
        const auto found = ProfileStore(file).find(QStringLiteral("big"));
        QVERIFY(found);
        QCOMPARE(found->pgbackrestStanza, QStringLiteral("main"));
        QCOMPARE(found->pgbackrestConfig, p.pgbackrestConfig);
        QCOMPARE(found.value(), p);
        // Passed to pgBackRest as --stanza= and --config=: nothing that could read as another option.
        for (const QString& stanza :
             { QStringLiteral("--repo1-path=/x"), QStringLiteral("a b"), QStringLiteral("-x") }) {
            Profile bad = p;
            bad.pgbackrestStanza = stanza;
            QCOMPARE(bad.validate().error().code, QStringLiteral("profile.pgbackrest"));
        }
        Profile relative = p;
        relative.pgbackrestConfig = QStringLiteral("pgbackrest.conf");
        QCOMPARE(relative.validate().error().code, QStringLiteral("profile.pgbackrest"));
    }

    void backupKeyFileRoundTrip()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("settings.ini"));
        Profile p;
        p.name = QStringLiteral("timers");
        p.host = QStringLiteral("/run/postgresql");
        p.database = QStringLiteral("art32");
        p.user = QStringLiteral("alice");
        p.backupKeyFile = QStringLiteral("/etc/art32/backup.key");
        QVERIFY(ProfileStore(file).save(p));
        const auto found = ProfileStore(file).find(QStringLiteral("timers"));
        QVERIFY(found);
        QCOMPARE(found->backupKeyFile, p.backupKeyFile);
        QCOMPARE(found.value(), p);
        Profile other = p;
        other.backupKeyFile.clear();
        QVERIFY(!(other == p));
        QVERIFY(ProfileStore(file).save(other));
        QCOMPARE(ProfileStore(file).find(QStringLiteral("timers"))->backupKeyFile, QString());
        // A path, absolute: a relative one would depend on where the console or a timer was started.
        Profile relative = p;
        relative.backupKeyFile = QStringLiteral("backup.key");
        QCOMPARE(relative.validate().error().code, QStringLiteral("profile.backupkey"));
    }
};

QTEST_GUILESS_MAIN(TestProfile)
#include "tst_profile.moc"
