#include "../security/SecuritySupport.h"
#include "TestSupport.h"
#include "auth/KeyRing.h"
#include "core/Versions.h"
#include "keychain/Keychain.h"
#include "records/RecordStore.h"
#include "records/Seeder.h"
#include "store/Database.h"
#include "store/Profile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <csignal>
#include <pqxx/connection>

using namespace art32;

/**
 * `art32ctl` as its users run it: the real binary against the harness's PostgreSQL and Secret Service, with
 * three enrolled test admins and a few seeded accounts. Every command's help, the parser's refusals (exit code
 * 2, before any connection or code) and the exit codes and messages of the commands no other test runs.
 */
class TestCtl : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_ctl");
    const QString m_newAdmin = QStringLiteral("tst_c_new");
    Keychain m_keychain; // the default service, as art32ctl reads it
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    QString m_email; ///< account 1's first e-mail address
    QString m_phone; ///< and its phone number

    /** Every command of the table; --help must list each. */
    static QStringList allCommands()
    {
        return { QStringLiteral("demo up"), QStringLiteral("demo seed"), QStringLiteral("demo status"),
                 QStringLiteral("demo down"), QStringLiteral("demo destroy"), QStringLiteral("demo env"),
                 QStringLiteral("demo code"), QStringLiteral("db status"), QStringLiteral("db migrate"),
                 QStringLiteral("profile list"), QStringLiteral("profile show"), QStringLiteral("profile add"),
                 QStringLiteral("profile remove"), QStringLiteral("profile set-password"),
                 QStringLiteral("admin create"), QStringLiteral("admin enroll"), QStringLiteral("admin list"),
                 QStringLiteral("admin seal-keys"), QStringLiteral("admin disable"), QStringLiteral("admin enable"),
                 QStringLiteral("admin reset"), QStringLiteral("keys init"), QStringLiteral("keys rotate"),
                 QStringLiteral("records verify"), QStringLiteral("records find"), QStringLiteral("subject export"),
                 QStringLiteral("access list"), QStringLiteral("access grant"), QStringLiteral("access revoke"),
                 QStringLiteral("completion bash"),
                 // audit chain (i12-chain)
                 QStringLiteral("audit verify"), QStringLiteral("audit checkpoint"), QStringLiteral("audit keygen"),
                 // incidents (issue 14)
                 QStringLiteral("incident open"), QStringLiteral("incident list"), QStringLiteral("incident show"),
                 QStringLiteral("incident note"), QStringLiteral("incident close"), QStringLiteral("incident export") };
    }

    static test::ProgramRun ctl(const QStringList& args, const QByteArray& input = QByteArray())
    {
        return test::runProgram(QStringLiteral(ART32CTL_PATH), args, input);
    }

    /** The admin's next code: the server clock moves a minute on, so no code is ever a replay. */
    QByteArray nextCode(const test::TestAdmin& admin)
    {
        m_offset += 60;
        test::setServerClockOffset(m_db, m_offset);
        return test::codeFor(admin, m_offset).toLatin1() + '\n';
    }

    /** Runs a command as the admin, unlocking with a fresh code on stdin; more input after it. */
    test::ProgramRun as(const test::TestAdmin& admin, const QStringList& command, const QByteArray& more = QByteArray())
    {
        return ctl(QStringList { QStringLiteral("--profile"), admin.profile.name, QStringLiteral("--code"),
                                 QStringLiteral("-") }
                       + command,
                   nextCode(admin) + more);
    }

    long long auditEvents() { return test::superuserCount(m_db, "SELECT count(*) FROM art32.audit_events"); }

    /** The admin's failed unlock attempts as the server counts them: in a row, and in the last hour. */
    long long failuresOf(const test::TestAdmin& admin)
    {
        const std::string login = admin.profile.user.toStdString();
        return test::superuserCount(
            m_db,
            "SELECT (SELECT coalesce(sum(t.consecutive_failures), 0) FROM art32.admin_totp t JOIN art32.admins a "
            "ON a.id = t.admin_id WHERE a.login = '"
                + login
                + "') + (SELECT count(*) FROM art32.totp_failures f JOIN art32.admins a ON a.id = f.admin_id "
                  "WHERE a.login = '"
                + login + "')");
    }

    /** Runs art32ctl as the CTO with `--code -` and this stdin; checks that no attempt was made or counted. */
    test::ProgramRun spendsNoCode(const QStringList& command, const QByteArray& input)
    {
        const long long events = auditEvents();
        const long long failures = failuresOf(m_cto);
        const auto r = ctl(QStringList { QStringLiteral("--profile"), m_cto.profile.name, QStringLiteral("--code"),
                                         QStringLiteral("-") }
                               + command,
                           input);
        [&] {
            QCOMPARE(auditEvents(), events);
            QCOMPARE(failuresOf(m_cto), failures);
        }();
        return r;
    }

    static QStringList words(const QString& command) { return command.split(QLatin1Char(' ')); }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        setApplicationIdentity(); // the same settings file as art32ctl
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_c"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        test::superuserExec(m_db, "DROP ROLE IF EXISTS " + m_newAdmin.toStdString());
        ProfileStore profiles;
        for (const auto* a : { &m_cto, &m_sys, &m_aud })
            QVERIFY(profiles.save(a->profile));

        // A few accounts, written as the platform would (the superuser here) with the CTO's keys.
        auto priv = m_keychain.readNow(m_cto.profile.privateKeyKey());
        const SecureBytes key = SecureBytes::fromByteArray(priv.secret);
        wipe(priv.secret);
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        KeyRing ring;
        QVERIFY(ring.load(super, m_cto.publicKey, key));
        auto written = ring.withKek(1, [&](const SecureBytes& kek) {
            return ring.withIndexKey(1, [&](const SecureBytes& index) {
                return Seeder::seed(super, Seeder::Keys { kek, 1, index, 1 }, 3);
            });
        });
        QVERIFY(written);
        QCOMPARE(written.value(), 3);

        // What account 1 holds, read as the CTO would.
        auto cto = test::unlockedAs(m_db, m_cto, m_keychain, m_offset);
        QVERIFY(cto);
        auto records = cto->call([&](pqxx::connection_base& c) { return records::reveal(c, ring, 1); });
        QVERIFY(records);
        for (const PlainRecord& r : records.value()) {
            if (r.kind == RecordKind::Email && m_email.isEmpty())
                m_email = QString::fromUtf8(r.value);
            if (r.kind == RecordKind::Phone && m_phone.isEmpty())
                m_phone = QString::fromUtf8(r.value);
        }
        QVERIFY(!m_email.isEmpty() && !m_phone.isEmpty());
    }

    void cleanupTestCase()
    {
        ProfileStore profiles;
        for (const auto* a : { &m_cto, &m_sys, &m_aud })
            profiles.remove(a->profile.name);
        test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud });
    }

    void helpListsEveryCommand()
    {
        const auto help = ctl({ QStringLiteral("--help") });
        QCOMPARE(help.exitCode, 0);
        for (const QString& command : allCommands())
            QVERIFY2(help.out.contains(QStringLiteral("\n  %1  ").arg(command)), qPrintable(command));
        QVERIFY(help.out.contains(QLatin1String("--profile NAME")));
        QVERIFY(help.out.contains(QLatin1String("help [COMMAND]")));
        // help without a command is the same overview; no command at all is a usage error with it on stderr.
        QCOMPARE(ctl({ QStringLiteral("help") }).out, help.out);
        const auto nothing = ctl({});
        QCOMPARE(nothing.exitCode, 2);
        QCOMPARE(nothing.err, help.out);
    }

    void helpForEachCommand_data()
    {
        QTest::addColumn<QString>("command");
        for (const QString& command : allCommands())
            QTest::newRow(qPrintable(command)) << command;
    }

    void helpForEachCommand()
    {
        QFETCH(QString, command);
        const auto help = ctl(QStringList { QStringLiteral("help") } + words(command));
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.startsWith(QLatin1String("usage: art32ctl ")), qPrintable(help.out));
        QVERIFY(help.out.section(QLatin1Char('\n'), 0, 0).contains(command));
        QVERIFY(help.out.section(QLatin1Char('\n'), 2, 2).size() > 10); // the summary
        QVERIFY(help.err.isEmpty());
        // --help after the command says the same.
        QCOMPARE(ctl(words(command) + QStringList { QStringLiteral("--help") }).out, help.out);
    }

    void helpForAGroupAndItsOptions()
    {
        const auto keys = ctl({ QStringLiteral("help"), QStringLiteral("keys") });
        QCOMPARE(keys.exitCode, 0);
        QVERIFY(keys.out.contains(QLatin1String("usage: art32ctl --profile P [--code -] keys init\n")));
        QVERIFY(keys.out.contains(QLatin1String("usage: art32ctl --profile P [--code -] keys rotate --kek | --index")));
        QVERIFY(keys.out.contains(QLatin1String("Give exactly one of --kek, --index.")));
        const auto grant = ctl({ QStringLiteral("help"), QStringLiteral("access"), QStringLiteral("grant") });
        QVERIFY(grant.out.contains(QLatin1String("--admin SYSADMIN --account ID --reason TEXT [--minutes N]")));
        QVERIFY(grant.out.contains(QLatin1String("Default: 60.")));
        const auto code = ctl({ QStringLiteral("help"), QStringLiteral("demo"), QStringLiteral("code") });
        QVERIFY(code.out.contains(QLatin1String("From 0 to 4.")));
        for (const QStringList& unknown :
             { QStringList { QStringLiteral("help"), QStringLiteral("nope") },
               QStringList { QStringLiteral("help"), QStringLiteral("keys"), QStringLiteral("nope") },
               QStringList { QStringLiteral("help"), QStringLiteral("records"), QStringLiteral("verify"),
                             QStringLiteral("extra") } }) {
            const auto r = ctl(unknown);
            QCOMPARE(r.exitCode, 2);
            QVERIFY(r.out.isEmpty());
            QVERIFY2(r.err.contains(QLatin1String("no command")), qPrintable(r.err));
        }
    }

    void refusedBeforeAnything_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("usage");
        const auto row = [](const char* name, const QString& args, const char* reason, const char* usage) {
            QTest::newRow(name) << args.split(QLatin1Char(' ')) << QString::fromUtf8(reason)
                                << QString::fromUtf8(usage);
        };
        row("unknown option and extra argument", QStringLiteral("records verify --bogus extra"),
            "unknown option 'bogus'", "records verify\n");
        row("extra argument", QStringLiteral("records verify extra"), "unexpected argument \"extra\"",
            "records verify\n");
        row("admin list --bogus", QStringLiteral("admin list --bogus"), "unknown option 'bogus'", "admin list\n");
        row("step not a number", QStringLiteral("demo code --step x"), "--step takes a whole number from 0 to 4",
            "demo code [--admin LOGIN] [--step N]");
        row("step out of range", QStringLiteral("demo code --step 5"),
            "--step takes a whole number from 0 to 4, not \"5\"", "demo code");
        row("minutes not a number",
            QStringLiteral("access grant --admin tst_c_sys --account 1 --reason r --minutes abc"),
            "--minutes takes a whole number", "access grant --admin SYSADMIN");
        row("account too large",
            QStringLiteral("access grant --admin tst_c_sys --account 99999999999999999999 --reason r"),
            "--account takes a whole number of at least 1", "access grant");
        row("grant required", QStringLiteral("access grant --account 1 --reason r"), "--admin is required",
            "access grant");
        row("revoke id", QStringLiteral("access revoke --grant x"), "--grant takes a whole number", "access revoke");
        row("missing value", QStringLiteral("access revoke --grant"), "missing value after '--grant'", "access revoke");
        row("rotate neither", QStringLiteral("keys rotate"), "give exactly one of --kek, --index", "keys rotate");
        row("rotate both", QStringLiteral("keys rotate --kek --index"), "give exactly one of --kek, --index",
            "keys rotate");
        row("flag with a value", QStringLiteral("keys rotate --kek=1"), "unexpected value after '--kek'",
            "keys rotate");
        row("find both", QStringLiteral("records find --email a@b.nl --phone 0612345678"),
            "give exactly one of --email, --phone", "records find");
        row("export without email", QStringLiteral("subject export"), "--email is required", "subject export");
        row("create without role", QStringLiteral("admin create --name tst_c_new"), "--role is required",
            "admin create --name LOGIN --role cto|sysadmin|auditor [--display-name TEXT]");
        row("create with unknown role", QStringLiteral("admin create --name tst_c_new --role boss"),
            "--role takes cto, sysadmin, auditor, not \"boss\"",
            "admin create --name LOGIN --role cto|sysadmin|auditor [--display-name TEXT]");
        row("disable without name", QStringLiteral("admin disable"), "NAME is missing", "admin disable NAME");
        row("disable two names", QStringLiteral("admin disable tst_c_sys tst_c_aud"),
            "unexpected argument \"tst_c_aud\"", "admin disable NAME");
        row("seed without accounts", QStringLiteral("demo seed"), "--accounts is required", "demo seed");
        row("seed zero accounts", QStringLiteral("demo seed --accounts 0"),
            "--accounts takes a whole number from 1 to 10000000, not \"0\"", "demo seed");
        row("seed a disk full of accounts", QStringLiteral("demo seed --accounts 99999999999"),
            "--accounts takes a whole number from 1 to 10000000, not \"99999999999\"", "demo seed");
        row("grant account not a number", QStringLiteral("access grant --admin tst_c_sys --account abc --reason r"),
            "--account takes a whole number of at least 1", "access grant");
        row("profile show without name", QStringLiteral("profile show"), "NAME is missing", "profile show NAME");
        row("profile add without host", QStringLiteral("profile add --name x --database d --user u"),
            "--host is required", "profile add");
        row("db status extra", QStringLiteral("db status now"), "unexpected argument", "[--profile P] db status");
        row("unknown subcommand", QStringLiteral("records explode"), "unknown command \"records explode\"",
            "records find");
        row("group without a command", QStringLiteral("admin"), "admin needs a command", "admin reset NAME");
        row("unknown group", QStringLiteral("explode"), "unknown command \"explode\"", "see art32ctl --help");
        row("unknown global option", QStringLiteral("--bogus admin list"), "unknown option 'bogus'",
            "see art32ctl --help");
    }

    void refusedBeforeAnything()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, reason);
        QFETCH(QString, usage);
        // A code waits on stdin: a command that got as far as unlocking would send it, and the server audits
        // every unlock attempt, whatever its outcome.
        const long long before = auditEvents();
        const auto r = ctl(QStringList { QStringLiteral("--profile"), m_cto.profile.name, QStringLiteral("--code"),
                                         QStringLiteral("-") }
                               + args,
                           test::codeFor(m_cto, m_offset).toLatin1() + '\n');
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("art32ctl: ") + reason), qPrintable(r.err));
        QVERIFY2(r.err.contains(usage), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(auditEvents(), before);
    }

    void exitCodesAreDocumented()
    {
        const auto help = ctl({ QStringLiteral("--help") });
        QVERIFY(help.out.contains(QLatin1String("\nExit codes:\n")));
        for (const char* line : { "  0   done\n", "  1   done, and found failures", "  2   the command line was wrong",
                                  "  3   the demo server is not running", "  4   stopped before its end",
                                  "  5   refused", "  6   could not be done", "  7   not found" })
            QVERIFY2(help.out.contains(QLatin1String(line)), line);
    }

    void codesOfTheWrongFormCostNoAttempt_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty stdin, as under cron") << QByteArray() << QStringLiteral("No TOTP code given");
        QTest::newRow("letters") << QByteArray("abcdef\n") << QStringLiteral("A TOTP code is 6 digits");
        QTest::newRow("five digits") << QByteArray("12345\n") << QStringLiteral("A TOTP code is 6 digits");
        QTest::newRow("seven digits") << QByteArray("1234567\n") << QStringLiteral("A TOTP code is 6 digits");
        QTest::newRow("100,000 characters") << QByteArray(100'000, '1') + '\n'
                                            << QStringLiteral("A TOTP code is 6 digits");
    }

    void codesOfTheWrongFormCostNoAttempt()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, reason);
        const auto r = spendsNoCode({ QStringLiteral("records"), QStringLiteral("verify") }, input);
        QCOMPARE(r.exitCode, 5);
        QVERIFY2(r.err.contains(reason), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void aCodeWithSpacesIsTheSameCode()
    {
        const QString code = test::codeFor(m_cto, m_offset += 60);
        test::setServerClockOffset(m_db, m_offset);
        const auto r = ctl({ QStringLiteral("--profile"), m_cto.profile.name, QStringLiteral("--code"),
                             QStringLiteral("-"), QStringLiteral("admin"), QStringLiteral("list") },
                           (code.left(3) + QLatin1Char(' ') + code.mid(3)).toLatin1() + '\n');
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }

    void argumentsTheServerWouldRefuseCostNoCode()
    {
        const QByteArray code = test::codeFor(m_cto, m_offset).toLatin1() + '\n';
        const auto reason = spendsNoCode({ QStringLiteral("access"), QStringLiteral("grant"), QStringLiteral("--admin"),
                                           m_sys.profile.user, QStringLiteral("--account"), QStringLiteral("1"),
                                           QStringLiteral("--reason"), QStringLiteral("abc") },
                                         code);
        QCOMPARE(reason.exitCode, 2);
        QVERIFY2(reason.err.contains(QLatin1String("--reason takes 5 to 500 characters")), qPrintable(reason.err));
        const auto longReason
            = spendsNoCode({ QStringLiteral("access"), QStringLiteral("grant"), QStringLiteral("--admin"),
                             m_sys.profile.user, QStringLiteral("--account"), QStringLiteral("1"),
                             QStringLiteral("--reason"), QString(501, QLatin1Char('r')) },
                           code);
        QCOMPARE(longReason.exitCode, 2);
        const auto name
            = spendsNoCode({ QStringLiteral("admin"), QStringLiteral("create"), QStringLiteral("--name"),
                             QStringLiteral("Bad-Name"), QStringLiteral("--role"), QStringLiteral("auditor") },
                           code + "a long enough password\n");
        QCOMPARE(name.exitCode, 2);
        QVERIFY2(name.err.contains(QLatin1String("An admin login uses lowercase letters")), qPrintable(name.err));
    }

    void passwordsThatCouldNeverLogInAreRefused_data()
    {
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<QString>("reason");
        QTest::newRow("NUL byte") << QByteArray("twelve chars\0 and more", 23) << QStringLiteral("NUL byte");
        QTest::newRow("not UTF-8") << QByteArray("twelve chars \xff\xfe latin") << QStringLiteral("valid UTF-8");
        QTest::newRow("over 1,024 bytes") << QByteArray(1025, 'p') << QStringLiteral("at most 1024 bytes");
    }

    void passwordsThatCouldNeverLogInAreRefused()
    {
        QFETCH(QByteArray, password);
        QFETCH(QString, reason);
        // admin create: read after the code, checked before the code is sent.
        const QByteArray code = test::codeFor(m_cto, m_offset).toLatin1() + '\n';
        const auto created
            = spendsNoCode({ QStringLiteral("admin"), QStringLiteral("create"), QStringLiteral("--name"),
                             QStringLiteral("tst_c_pw"), QStringLiteral("--role"), QStringLiteral("auditor") },
                           code + password + '\n');
        QCOMPARE(created.exitCode, 5);
        QVERIFY2(created.err.contains(reason), qPrintable(created.err));
        QCOMPARE(test::superuserCount(m_db, "SELECT count(*) FROM pg_roles WHERE rolname = 'tst_c_pw'"), 0LL);
        // profile set-password: refused, and the stored one stays.
        const QByteArray before = m_keychain.readNow(m_aud.profile.passwordKey()).secret;
        const auto stored
            = ctl({ QStringLiteral("profile"), QStringLiteral("set-password"), m_aud.profile.name }, password + '\n');
        QCOMPARE(stored.exitCode, 5);
        QVERIFY2(stored.err.contains(reason), qPrintable(stored.err));
        QCOMPARE(m_keychain.readNow(m_aud.profile.passwordKey()).secret, before);
    }

    void profileValuesAreCheckedWhenSaved()
    {
        const QStringList add { QStringLiteral("profile"),   QStringLiteral("add"),        QStringLiteral("--name"),
                                QStringLiteral("tst_c_bad"), QStringLiteral("--database"), QStringLiteral("d"),
                                QStringLiteral("--user"),    QStringLiteral("u") };
        const auto port = ctl(add
                              + QStringList { QStringLiteral("--host"), QStringLiteral("/tmp"),
                                              QStringLiteral("--port"), QStringLiteral("abc") });
        QCOMPARE(port.exitCode, 2);
        QVERIFY2(port.err.contains(QLatin1String("A port is a number from 1 to 65535")), qPrintable(port.err));
        const auto sslmode = ctl(add
                                 + QStringList { QStringLiteral("--host"), QStringLiteral("/tmp"),
                                                 QStringLiteral("--sslmode"), QStringLiteral("bogus") });
        QCOMPARE(sslmode.exitCode, 2);
        // A host that is no UTF-8, as a shell passes it.
        const auto host = test::runProgram(
            QStringLiteral("bash"),
            QStringList { QStringLiteral("-c"), QStringLiteral("exec \"$0\" \"$@\" --host $'db\\xff.example.nl'"),
                          QStringLiteral(ART32CTL_PATH) }
                + add);
        QCOMPARE(host.exitCode, 2);
        QVERIFY2(host.err.contains(QLatin1String("The host contains characters that are no valid text")),
                 qPrintable(host.err));
        QCOMPARE(ctl({ QStringLiteral("profile"), QStringLiteral("show"), QStringLiteral("tst_c_bad") }).exitCode, 7);
    }

    void interruptedBeforeTheWorkStartsExits4()
    {
        const long long events = auditEvents();
        QProcess p;
        p.start(QStringLiteral(ART32CTL_PATH),
                { QStringLiteral("--profile"), m_cto.profile.name, QStringLiteral("--code"), QStringLiteral("-"),
                  QStringLiteral("records"), QStringLiteral("verify") });
        QVERIFY(p.waitForStarted());
        // Ctrl+C once the command catches it (it waits for the code on stdin then).
        const auto catchesInterrupt = [&] {
            QFile status(QStringLiteral("/proc/%1/status").arg(p.processId()));
            if (!status.open(QIODevice::ReadOnly))
                return false;
            for (const QByteArray& line : status.readAll().split('\n'))
                if (line.startsWith("SigCgt:"))
                    return (line.mid(7).trimmed().toULongLong(nullptr, 16) & (1ULL << (SIGINT - 1))) != 0;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(catchesInterrupt(), 60000);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 4);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QLatin1String("Interrupted")));
        QCOMPARE(auditEvents(), events);
    }

    void completionComesFromTheTable()
    {
        const auto script = ctl({ QStringLiteral("completion"), QStringLiteral("bash") });
        QCOMPARE(script.exitCode, 0);
        // Completes in a real bash: groups, a group's commands, a command's options (after global options).
        const QString probe = QStringLiteral(
            "source /dev/stdin\n"
            "t() { COMP_WORDS=(\"$@\"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _art32ctl; echo \"${COMPREPLY[*]}\"; }\n"
            "t art32ctl ''\n"
            "t art32ctl --profile x records ''\n"
            "t art32ctl records find --\n"
            "t art32ctl access grant --minutes ''\n"
            "t art32ctl help admin ''\n");
        const auto bash
            = test::runProgram(QStringLiteral("bash"), { QStringLiteral("-c"), probe }, script.out.toUtf8());
        QVERIFY2(bash.exitCode == 0, qPrintable(bash.err));
        const QStringList lines = bash.out.split(QLatin1Char('\n'));
        QCOMPARE(
            lines.value(0),
            QStringLiteral("demo db profile admin keys records subject access audit backup incident completion help"));
        QCOMPARE(lines.value(1), QStringLiteral("verify find"));
        QCOMPARE(lines.value(2), QStringLiteral("--help --email --phone"));
        QCOMPARE(lines.value(3), QString()); // a value, not an option
        QCOMPARE(lines.value(4), QStringLiteral("create enroll list seal-keys disable enable reset"));
    }

    void profileCommands()
    {
        const auto list = ctl({ QStringLiteral("profile"), QStringLiteral("list") });
        QCOMPARE(list.exitCode, 0);
        QVERIFY(list.out.contains(QStringLiteral("tst_c_cto\ttst_c_cto@")));
        const auto show = ctl({ QStringLiteral("profile"), QStringLiteral("show"), m_aud.profile.name });
        QCOMPARE(show.exitCode, 0);
        QVERIFY(show.out.contains(QLatin1String("database: tst_ctl\n")));
        const auto missing = ctl({ QStringLiteral("profile"), QStringLiteral("show"), QStringLiteral("nobody") });
        QCOMPARE(missing.exitCode, 7);
        QVERIFY(!missing.err.isEmpty());
        // No password on stdin: nothing is stored, and the one in the keychain stays.
        const auto empty = ctl({ QStringLiteral("profile"), QStringLiteral("set-password"), m_aud.profile.name });
        QCOMPARE(empty.exitCode, 5);
        QVERIFY(empty.err.contains(QLatin1String("No password given; nothing changed.")));
        QCOMPARE(m_keychain.readNow(m_aud.profile.passwordKey()).status, Keychain::Status::Ok);
    }

    void recordsVerify()
    {
        const auto clean = as(m_cto, { QStringLiteral("records"), QStringLiteral("verify") });
        QVERIFY2(clean.exitCode == 0, qPrintable(clean.err));
        QVERIFY2(clean.out.contains(QLatin1String("Checked all 3 account(s) and ")), qPrintable(clean.out));
        QVERIFY(clean.out.contains(QLatin1String(": none failed authentication.")));

        // One bit of one ciphertext flipped: named, and exit code 1. Flipped back, it verifies again.
        const std::string flip = "UPDATE art32.records SET ciphertext = set_byte(ciphertext, 40, get_byte(ciphertext, "
                                 "40) # 1) WHERE id = (SELECT min(id) FROM art32.records WHERE account_id = 2)";
        test::superuserExec(m_db, flip);
        const auto tampered = as(m_cto, { QStringLiteral("records"), QStringLiteral("verify") });
        test::superuserExec(m_db, flip);
        QCOMPARE(tampered.exitCode, 1);
        QVERIFY2(tampered.out.contains(QLatin1String("FAILED account 2 record ")), qPrintable(tampered.out));
        QVERIFY(tampered.out.contains(QLatin1String(": 1 failed authentication.")));
        QCOMPARE(as(m_cto, { QStringLiteral("records"), QStringLiteral("verify") }).exitCode, 0);

        // A wrong code: refused by the server, exit code 5.
        const auto wrong = ctl({ QStringLiteral("--profile"), m_cto.profile.name, QStringLiteral("--code"),
                                 QStringLiteral("-"), QStringLiteral("records"), QStringLiteral("verify") },
                               "000000\n");
        QCOMPARE(wrong.exitCode, 5);
        QVERIFY(wrong.out.isEmpty());
    }

    void recordsFind()
    {
        const auto byEmail = as(
            m_cto, { QStringLiteral("records"), QStringLiteral("find"), QStringLiteral("--email"), m_email.toUpper() });
        QVERIFY2(byEmail.exitCode == 0, qPrintable(byEmail.err));
        QCOMPARE(byEmail.out, QStringLiteral("1\n"));
        const auto byPhone
            = as(m_cto, { QStringLiteral("records"), QStringLiteral("find"), QStringLiteral("--phone"), m_phone });
        QVERIFY2(byPhone.exitCode == 0, qPrintable(byPhone.err));
        QVERIFY(byPhone.out.split(QLatin1Char('\n')).contains(QStringLiteral("1")));
        const auto none = as(m_cto,
                             { QStringLiteral("records"), QStringLiteral("find"), QStringLiteral("--email"),
                               QStringLiteral("nobody@tst-ctl.invalid") });
        QCOMPARE(none.exitCode, 7);
        QCOMPARE(none.out, QString());
        QVERIFY2(none.err.contains(QLatin1String("No account matches this e-mail address.")), qPrintable(none.err));
    }

    void subjectExport()
    {
        const auto found
            = as(m_cto, { QStringLiteral("subject"), QStringLiteral("export"), QStringLiteral("--email"), m_email });
        QVERIFY2(found.exitCode == 0, qPrintable(found.err));
        const QJsonObject doc = QJsonDocument::fromJson(found.out.toUtf8()).object();
        QCOMPARE(doc.value(QStringLiteral("subject")).toString(), m_email.toLower());
        const QJsonArray holdings = doc.value(QStringLiteral("holdings")).toArray();
        QCOMPARE(holdings.size(), 1);
        QCOMPARE(holdings.at(0).toObject().value(QStringLiteral("account_id")).toString(), QStringLiteral("1"));

        const auto none = as(m_cto,
                             { QStringLiteral("subject"), QStringLiteral("export"), QStringLiteral("--email"),
                               QStringLiteral("nobody@tst-ctl.invalid") });
        QCOMPARE(none.exitCode, 7);
        QVERIFY(none.err.contains(QLatin1String("nothing is held about nobody@tst-ctl.invalid")));
        const QJsonObject empty = QJsonDocument::fromJson(none.out.toUtf8()).object();
        QVERIFY(empty.contains(QStringLiteral("holdings")));
        QVERIFY(empty.value(QStringLiteral("holdings")).toArray().isEmpty());

        // An auditor may not read personal data: refused, exit code 5, and no JSON.
        const auto auditor
            = as(m_aud, { QStringLiteral("subject"), QStringLiteral("export"), QStringLiteral("--email"), m_email });
        QCOMPARE(auditor.exitCode, 5);
        QVERIFY(auditor.out.isEmpty());
    }

    void keysInitAndRotate()
    {
        const auto again = as(m_cto, { QStringLiteral("keys"), QStringLiteral("init") });
        QCOMPARE(again.exitCode, 5);
        QVERIFY2(again.err.contains(QLatin1String("exist already")), qPrintable(again.err));

        const auto kek = as(m_cto, { QStringLiteral("keys"), QStringLiteral("rotate"), QStringLiteral("--kek") });
        QVERIFY2(kek.exitCode == 0, qPrintable(kek.err));
        QVERIFY2(kek.out.contains(QLatin1String("KEK rotated from version 1 to 2 (3 rows).")), qPrintable(kek.out));
        const auto index = as(m_cto, { QStringLiteral("keys"), QStringLiteral("rotate"), QStringLiteral("--index") });
        QVERIFY2(index.exitCode == 0, qPrintable(index.err));
        QVERIFY2(index.out.contains(QLatin1String("Index key rotated from version 1 to 2")), qPrintable(index.out));
        // Everything still reads, and the search finds through the new index.
        QCOMPARE(as(m_cto, { QStringLiteral("records"), QStringLiteral("verify") }).exitCode, 0);
        QCOMPARE(
            as(m_cto, { QStringLiteral("records"), QStringLiteral("find"), QStringLiteral("--email"), m_email }).out,
            QStringLiteral("1\n"));

        // Only a CTO rotates.
        const auto sysadmin = as(m_sys, { QStringLiteral("keys"), QStringLiteral("rotate"), QStringLiteral("--kek") });
        QCOMPARE(sysadmin.exitCode, 5);
        QVERIFY(!sysadmin.out.contains(QLatin1String("rotated")));
    }

    void adminCommands()
    {
        const QByteArray password = "a new admin's first password\n";
        const auto created = as(m_cto,
                                { QStringLiteral("admin"), QStringLiteral("create"), QStringLiteral("--name"),
                                  m_newAdmin, QStringLiteral("--role"), QStringLiteral("sysadmin"),
                                  QStringLiteral("--display-name"), QStringLiteral("New Admin") },
                                password);
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        QVERIFY(created.out.contains(QStringLiteral("Admin %1 (sysadmin) created.").arg(m_newAdmin)));
        const auto twice = as(m_cto,
                              { QStringLiteral("admin"), QStringLiteral("create"), QStringLiteral("--name"), m_newAdmin,
                                QStringLiteral("--role"), QStringLiteral("sysadmin") },
                              password);
        QCOMPARE(twice.exitCode, 5);
        const auto shortPassword
            = as(m_cto,
                 { QStringLiteral("admin"), QStringLiteral("create"), QStringLiteral("--name"),
                   QStringLiteral("tst_c_short"), QStringLiteral("--role"), QStringLiteral("auditor") },
                 "short\n");
        QCOMPARE(shortPassword.exitCode, 5);
        QVERIFY(shortPassword.err.contains(QLatin1String("at least 12 characters; nothing was created")));

        const auto list = as(m_aud, { QStringLiteral("admin"), QStringLiteral("list") });
        QVERIFY2(list.exitCode == 0, qPrintable(list.err));
        QVERIFY(list.out.contains(QStringLiteral("%1\tsysadmin\tnot enrolled\tactive\tNew Admin\n").arg(m_newAdmin)));
        QVERIFY(list.out.contains(QLatin1String("tst_c_cto\tcto\tenrolled\tactive\t")));
        QVERIFY(!list.out.contains(QLatin1String("tst_c_short")));

        const auto disabled = as(m_cto, { QStringLiteral("admin"), QStringLiteral("disable"), m_newAdmin });
        QVERIFY2(disabled.exitCode == 0, qPrintable(disabled.err));
        QCOMPARE(disabled.out, QStringLiteral("Done: disable %1\n").arg(m_newAdmin));
        QVERIFY(as(m_aud, { QStringLiteral("admin"), QStringLiteral("list") })
                    .out.contains(QStringLiteral("%1\tsysadmin\tnot enrolled\tdisabled").arg(m_newAdmin)));
        const auto enabled = as(m_cto, { QStringLiteral("admin"), QStringLiteral("enable"), m_newAdmin });
        QVERIFY2(enabled.exitCode == 0, qPrintable(enabled.err));
        QVERIFY(as(m_aud, { QStringLiteral("admin"), QStringLiteral("list") })
                    .out.contains(QStringLiteral("%1\tsysadmin\tnot enrolled\tactive").arg(m_newAdmin)));
        const auto reset = as(m_cto, { QStringLiteral("admin"), QStringLiteral("reset"), m_newAdmin });
        QVERIFY2(reset.exitCode == 0, qPrintable(reset.err));
        QCOMPARE(reset.out, QStringLiteral("Done: reset %1\n").arg(m_newAdmin));
        for (const char* verb : { "disable", "enable", "reset" }) {
            const auto nobody = as(m_cto, { QStringLiteral("admin"), QLatin1String(verb), QStringLiteral("nobody") });
            QCOMPARE(nobody.exitCode, 7);
            QVERIFY2(nobody.err.contains(QLatin1String("no admin named nobody")), qPrintable(nobody.err));
        }
        // Only a CTO disables.
        QCOMPARE(as(m_sys, { QStringLiteral("admin"), QStringLiteral("disable"), m_aud.profile.user }).exitCode, 5);
        QVERIFY(as(m_aud, { QStringLiteral("admin"), QStringLiteral("list") })
                    .out.contains(QLatin1String("tst_c_aud\tauditor\tenrolled\tactive")));

        // The CTO seals the keys it holds (after the rotation: two versions of each) to the sysadmin; never to an
        // auditor.
        const auto sealed = as(m_cto, { QStringLiteral("admin"), QStringLiteral("seal-keys"), m_sys.profile.user });
        QVERIFY2(sealed.exitCode == 0, qPrintable(sealed.err));
        QVERIFY2(sealed.out.contains(QStringLiteral("key(s) sealed to %1.").arg(m_sys.profile.user)),
                 qPrintable(sealed.out));
        const auto toAuditor = as(m_cto, { QStringLiteral("admin"), QStringLiteral("seal-keys"), m_aud.profile.user });
        QCOMPARE(toAuditor.exitCode, 5);
    }
};

QTEST_GUILESS_MAIN(TestCtl)
#include "tst_ctl.moc"
