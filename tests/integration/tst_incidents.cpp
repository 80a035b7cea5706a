#include "../security/SecuritySupport.h"
#include "core/Versions.h"
#include "incidents/IncidentStore.h"
#include "incidents/Rules.h"
#include "store/Profile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <pqxx/nontransaction>

using namespace art32;
using namespace art32::incidents;

/**
 * The incident register against the harness's PostgreSQL (migration 0015): the state machine and the closing rules
 * in SQL, agreeing with the console's (Rules.h), conflicting edits, append-only timeline and frozen reports, linked
 * accounts and their counts.
 */
class TestIncidents : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_incidents");
    Keychain m_keychain; // the default service, as art32ctl reads it
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    std::unique_ptr<Database> m_ctoDb, m_sysDb;

    template<typename F> auto as(Database& db, F&& f) { return db.call(std::forward<F>(f)); }

    /** The server's time now (its clock runs m_offset ahead of ours). */
    QDateTime serverNow() { return QDateTime::currentDateTimeUtc().addSecs(m_offset); }

    qint64 openOne(const QDateTime& aware)
    {
        auto id = as(*m_sysDb, [&](pqxx::connection_base& c) {
            return incidents::open(c, QStringLiteral("Export reachable"), aware.addSecs(-600), aware);
        });
        return id ? id.value() : 0;
    }

    static QJsonObject fieldsToClose()
    {
        return QJsonDocument::fromJson(R"({
            "q3_organisation": "Voorbeeld BV", "q3_contact": "privacy@example.nl",
            "q4_how_discovered": "monitoring alert", "q5_nature": ["read", "copied"], "q5_incident_type": "hacking",
            "q5_description": "an export was reachable", "q6_categories": ["name_address", "email"],
            "q6_records_min": 10, "q6_records_max": 12, "q7_groups": ["customers"], "q7_people_min": 5,
            "q7_people_max": 8, "q8_protection": "encrypted", "q8_key_compromised": false,
            "q9_consequences_subjects": "phishing mails", "q9_severity": "limited",
            "q10_measures_taken": "link removed", "enisa_dpc_base": 1, "enisa_ei": 1, "enisa_cb_confidentiality": 0.5
        })")
            .object();
    }

    /** Runs art32ctl as the admin, unlocking with a fresh code on stdin (the server clock moves a minute on). */
    test::ProgramRun ctl(const test::TestAdmin& admin, const QStringList& command)
    {
        m_offset += 60;
        test::setServerClockOffset(m_db, m_offset);
        return test::runProgram(QStringLiteral(ART32CTL_PATH),
                                QStringList { QStringLiteral("--profile"), admin.profile.name, QStringLiteral("--code"),
                                              QStringLiteral("-") }
                                    + command,
                                test::codeFor(admin, m_offset).toLatin1() + '\n');
    }

    static QString pdfText(const QString& path)
    {
        const auto r
            = test::runProgram(QStringLiteral("pdftotext"), { QStringLiteral("-layout"), path, QStringLiteral("-") });
        return r.exitCode == 0 ? r.out : QString();
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        setApplicationIdentity(); // the same settings file as art32ctl
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_i"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        m_ctoDb = test::unlockedAs(m_db, m_cto, m_keychain, m_offset);
        m_sysDb = test::unlockedAs(m_db, m_sys, m_keychain, m_offset);
        QVERIFY(m_ctoDb && m_sysDb);
        ProfileStore profiles;
        for (const auto* a : { &m_cto, &m_sys, &m_aud })
            QVERIFY(profiles.save(a->profile));
        test::superuserExec(m_db,
                            "INSERT INTO art32.accounts (id, company_name, plan) SELECT g, 'Klant ' || g, 'starter' "
                            "FROM generate_series(1, 5) g");
        // Three people on account 1 (two records each), one on account 2; content is irrelevant to the counts.
        test::superuserExec(m_db,
                            "INSERT INTO art32.records (account_id, contact, kind, ciphertext) "
                            "SELECT a, c, k, decode(repeat('00', 45), 'hex') FROM (VALUES (1, 1), (1, 2), (1, 3), "
                            "(2, 1)) v(a, c), generate_series(1, 2) k");
    }

    void cleanupTestCase()
    {
        ProfileStore profiles;
        for (const auto* a : { &m_cto, &m_sys, &m_aud })
            profiles.remove(a->profile.name);
        test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud });
    }

    void openLoadAndAudit()
    {
        const QDateTime aware = serverNow().addSecs(-3600);
        const qint64 id = openOne(aware);
        QVERIFY(id > 0);
        auto loaded = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::load(c, id); });
        QVERIFY2(loaded, qPrintable(loaded.error().message));
        QCOMPARE(loaded->state, State::Detected);
        QCOMPARE(loaded->version, 1);
        QCOMPARE(loaded->awareAt().toSecsSinceEpoch(), aware.toSecsSinceEpoch());
        QCOMPARE(loaded->timeline.size(), 1);
        QCOMPARE(loaded->timeline[0].kind, QStringLiteral("opened"));
        QCOMPARE(loaded->timeline[0].actor, QStringLiteral("tst_i_sys"));
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT count(*) FROM art32.audit_events WHERE action = 'incident.open' AND "
                                      "(detail->>'incident')::bigint = "
                                          + std::to_string(id)),
                 1LL);
        const DeadlineState s = deadlineState(loaded.value(), Clock::system());
        QCOMPARE(s.kind, DeadlineState::Running);
        // The auditor reads the register (and nothing else it may do changes it).
        auto aud = test::unlockedAs(m_db, m_aud, m_keychain, m_offset);
        QVERIFY(aud);
        auto listed = as(*aud, [&](pqxx::connection_base& c) { return incidents::list(c); });
        QVERIFY(listed);
        QVERIFY(std::any_of(listed->begin(), listed->end(), [&](const Incident& i) { return i.id == id; }));
    }

    void conflictingEditsAreDetected()
    {
        const qint64 id = openOne(serverNow());
        auto first = as(*m_sysDb, [&](pqxx::connection_base& c) {
            return incidents::update(c, id, 1,
                                     QJsonObject { { QStringLiteral("q5_description"), QStringLiteral("a") } });
        });
        QCOMPARE(first.ok() ? first.value() : -1, 2);
        // The CTO still holds version 1: nothing is overwritten.
        auto second = as(*m_ctoDb, [&](pqxx::connection_base& c) {
            return incidents::update(c, id, 1,
                                     QJsonObject { { QStringLiteral("q5_description"), QStringLiteral("b") } });
        });
        QCOMPARE(second.ok() ? second.value() : -1, 0);
        auto loaded = as(*m_ctoDb, [&](pqxx::connection_base& c) { return incidents::load(c, id); });
        QCOMPARE(loaded->text(QStringLiteral("q5_description")), QStringLiteral("a"));
        QCOMPARE(loaded->version, 2);
        // The timeline names the changed field, and an unknown key is refused.
        QCOMPARE(loaded->timeline.last().kind, QStringLiteral("fields"));
        QVERIFY(loaded->timeline.last().what.contains(QStringLiteral("q5_description")));
        auto bad = as(*m_ctoDb, [&](pqxx::connection_base& c) {
            return incidents::update(c, id, 2, QJsonObject { { QStringLiteral("state"), QStringLiteral("closed") } });
        });
        QVERIFY(!bad);
        auto checked = as(*m_ctoDb, [&](pqxx::connection_base& c) {
            return incidents::update(
                c, id, 2, QJsonObject { { QStringLiteral("q5_nature"), QJsonArray { QStringLiteral("eaten") } } });
        });
        QVERIFY(!checked);
        QCOMPARE(checked.error().code, QStringLiteral("db.invalid"));
    }

    void stateMachineAndClosingRules()
    {
        const QDateTime aware = serverNow().addSecs(-3600);
        const qint64 id = openOne(aware);
        int v = 1;
        auto moved = as(*m_sysDb,
                        [&](pqxx::connection_base& c) { return incidents::setState(c, id, v, State::Investigating); });
        QVERIFY2(moved && moved.value() == 2, moved ? "" : qPrintable(moved.error().message));
        v = 2;
        // Never backwards.
        auto back
            = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::setState(c, id, v, State::Detected); });
        QVERIFY(!back);
        QCOMPARE(back.error().code, QStringLiteral("incident.state"));
        // Closing with fields missing is refused and lists them; the server's list is the console's.
        auto closing
            = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::setState(c, id, v, State::Closed); });
        QVERIFY(!closing);
        QCOMPARE(closing.error().code, QStringLiteral("incident.incomplete"));
        QVERIFY2(closing.error().message.contains(QStringLiteral("Measures taken")),
                 qPrintable(closing.error().message));
        auto server = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::missing(c, id); });
        auto loaded = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::load(c, id); });
        QVERIFY(server && loaded);
        QCOMPARE(server.value(), missingForClose(loaded.value(), Clock::system()));

        auto filled
            = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::update(c, id, v, fieldsToClose()); });
        QCOMPARE(filled.ok() ? filled.value() : -1, 3);
        v = 3;
        server = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::missing(c, id); });
        QCOMPARE(server.value(),
                 (QStringList { QStringLiteral("decision_notify"), QStringLiteral("decision_inform") }));
        // The decisions: the authority by the CTO, the people (Art. 34(3)(a): encrypted, key safe) by the sysadmin.
        QVERIFY(as(*m_ctoDb, [&](pqxx::connection_base& c) {
            return incidents::decide(c, id, QStringLiteral("notify_authority"), true,
                                     QStringLiteral("risk to customers"));
        }));
        QVERIFY(as(*m_sysDb, [&](pqxx::connection_base& c) {
            return incidents::decide(c, id, QStringLiteral("inform_subjects"), false,
                                     QStringLiteral("data were encrypted, key not compromised"), QStringLiteral("a"));
        }));
        server = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::missing(c, id); });
        QCOMPARE(server.value(), (QStringList { QStringLiteral("report_number"), QStringLiteral("report") }));
        // Ground c needs a public communication (a CHECK in the table).
        auto noPublic = as(*m_sysDb, [&](pqxx::connection_base& c) {
            return incidents::decide(c, id, QStringLiteral("inform_subjects"), false,
                                     QStringLiteral("too many to reach"), QStringLiteral("c"));
        });
        QVERIFY(!noPublic);

        // The initial notification, then a supplement, under one number; frozen as they were.
        auto seq = as(*m_sysDb, [&](pqxx::connection_base& c) {
            return incidents::report(c, id, QStringLiteral("AP-2026-0042"), serverNow().addSecs(-60));
        });
        QVERIFY2(seq && seq.value() == 1, seq ? "" : qPrintable(seq.error().message));
        loaded = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::load(c, id); });
        v = loaded->version;
        QVERIFY(as(*m_sysDb, [&](pqxx::connection_base& c) {
            return incidents::update(c, id, v, QJsonObject { { QStringLiteral("q6_records_max"), 20 } });
        }));
        auto other = as(*m_sysDb, [&](pqxx::connection_base& c) {
            return incidents::report(c, id, QStringLiteral("AP-2026-9999"), serverNow().addSecs(-30));
        });
        QVERIFY(!other); // tied to the number
        seq = as(*m_sysDb, [&](pqxx::connection_base& c) {
            return incidents::report(c, id, QStringLiteral("AP-2026-0042"), serverNow().addSecs(-30));
        });
        QCOMPARE(seq.ok() ? seq.value() : -1, 2);
        loaded = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::load(c, id); });
        QCOMPARE(loaded->reports.size(), 2);
        QCOMPARE(loaded->reports[0].kind, QStringLiteral("initial"));
        QCOMPARE(loaded->reports[0].snapshot.value(QStringLiteral("q6_records_max")).toInt(), 12);
        QCOMPARE(loaded->reports[1].snapshot.value(QStringLiteral("q6_records_max")).toInt(), 20);
        QCOMPARE(loaded->reportNumber, QStringLiteral("AP-2026-0042"));
        QCOMPARE(deadlineState(loaded.value(), Clock::system()).kind, DeadlineState::Met);
        QVERIFY(missingForClose(loaded.value(), Clock::system()).isEmpty());

        v = loaded->version;
        auto closed
            = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::setState(c, id, v, State::Closed); });
        QVERIFY2(closed, closed ? "" : qPrintable(closed.error().message));
        // A closed incident takes no more edits.
        auto late = as(*m_sysDb, [&](pqxx::connection_base& c) {
            return incidents::update(c, id, closed.value(),
                                     QJsonObject { { QStringLiteral("title"), QStringLiteral("x") } });
        });
        QVERIFY(!late);
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT count(*) FROM art32.audit_events WHERE action LIKE 'incident.%' AND "
                                      "(detail->>'incident')::bigint = "
                                          + std::to_string(id)),
                 9LL);
    }

    // After 72 hours from awareness, a report or a close needs the reason for the delay, in SQL as in C++.
    void lateNeedsTheReasonForDelay()
    {
        const qint64 id = openOne(serverNow().addSecs(-73 * 3600));
        auto server = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::missing(c, id); });
        QVERIFY(server->contains(QStringLiteral("q4_delay_reason")));
        auto loaded = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::load(c, id); });
        QCOMPARE(server.value(), missingForClose(loaded.value(), Clock::system()));
        QCOMPARE(deadlineState(loaded.value(), Clock::system()).kind, DeadlineState::Overdue);
        QVERIFY(as(*m_ctoDb, [&](pqxx::connection_base& c) {
            return incidents::decide(c, id, QStringLiteral("notify_authority"), true, QStringLiteral("high risk"));
        }));
        auto report = as(*m_sysDb, [&](pqxx::connection_base& c) {
            return incidents::report(c, id, QStringLiteral("AP-LATE-1"), serverNow().addSecs(-10));
        });
        QVERIFY(!report);
        QCOMPARE(report.error().code, QStringLiteral("incident.incomplete"));
        QVERIFY(report.error().message.contains(QStringLiteral("72 hours")));
    }

    void linkedAccountsPrefillTheCounts()
    {
        const qint64 id = openOne(serverNow());
        auto linked = as(*m_sysDb, [&](pqxx::connection_base& c) {
            return incidents::linkAccounts(c, id, { 1, 2, 2 });
        });
        QCOMPARE(linked.ok() ? linked.value() : -1, 2);
        auto again = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::linkAccounts(c, id, { 1, 3 }); });
        QCOMPARE(again.ok() ? again.value() : -1, 1);
        auto counts = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::accountCounts(c, id); });
        QVERIFY(counts);
        QCOMPARE(counts->accounts, 3);
        QCOMPARE(counts->people, 4);
        QCOMPARE(counts->records, 8);
        auto missingAccount
            = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::linkAccounts(c, id, { 999 }); });
        QVERIFY(!missingAccount);
        QCOMPARE(missingAccount.error().code, QStringLiteral("db.missing_reference"));
        QVERIFY(as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::unlinkAccount(c, id, 3); }).value());
        auto loaded = as(*m_sysDb, [&](pqxx::connection_base& c) { return incidents::load(c, id); });
        QCOMPARE(loaded->accounts, (QList<qint64> { 1, 2 }));
        // Each link is an audit event about that account.
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT count(*) FROM art32.audit_events WHERE action = 'incident.link' AND "
                                      "detail->>'account' = '2' AND (detail->>'incident')::bigint = "
                                          + std::to_string(id)),
                 1LL);
    }

    // The timeline and the frozen reports refuse every change, even from the owner and the superuser.
    void timelineIsAppendOnlyInTheDatabase()
    {
        const qint64 id = openOne(serverNow());
        QVERIFY(as(*m_sysDb, [&](pqxx::connection_base& c) {
            return incidents::note(c, id, QStringLiteral("called the hoster"));
        }));
        pqxx::connection c(test::superuserProfile(m_db).connectionString());
        for (const std::string sql :
             { "UPDATE art32.incident_timeline SET what = 'nothing happened' WHERE incident_id = ",
               "DELETE FROM art32.incident_timeline WHERE incident_id = " }) {
            try {
                pqxx::nontransaction(c).exec(sql + std::to_string(id));
                QFAIL(("the superuser changed the timeline: " + sql).c_str());
            } catch (const pqxx::sql_error& e) {
                QCOMPARE(test::stateOf(e), std::string(test::kInsufficientPrivilege));
            }
        }
        for (const char* sql : { "TRUNCATE art32.incident_timeline CASCADE", "TRUNCATE art32.incident_reports",
                                 "TRUNCATE art32.incident_decisions" }) {
            try {
                pqxx::nontransaction(c).exec(sql);
                QFAIL(sql);
            } catch (const pqxx::sql_error& e) {
                QCOMPARE(test::stateOf(e), std::string(test::kInsufficientPrivilege));
            }
        }
        // Replica mode does not switch the triggers off (ENABLE ALWAYS).
        try {
            pqxx::nontransaction(c).exec("SET session_replication_role = replica; DELETE FROM art32.incident_timeline");
            QFAIL("deleted in replica mode");
        } catch (const pqxx::sql_error& e) {
            QCOMPARE(test::stateOf(e), std::string(test::kInsufficientPrivilege));
        }
        QVERIFY(test::superuserCount(
                    m_db, "SELECT count(*) FROM art32.incident_timeline WHERE incident_id = " + std::to_string(id))
                == 2);
    }
    // The command line, as an alerting pipeline and a person use it: the id on stdout, deadline states, a close
    // refused with what is missing (exit 5), and the report in both languages.
    void commandLine()
    {
        const QDateTime aware = QDateTime::currentDateTimeUtc().addSecs(-20 * 3600);
        auto opened = ctl(m_sys,
                          { QStringLiteral("incident"), QStringLiteral("open"), QStringLiteral("--title"),
                            QStringLiteral("Alert: dump downloaded"), QStringLiteral("--detected-at"),
                            isoUtc(aware.addSecs(-60)), QStringLiteral("--aware-at"), isoUtc(aware) });
        QVERIFY2(opened.exitCode == 0, qPrintable(opened.err));
        bool ok = false;
        const qint64 id = opened.out.trimmed().toLongLong(&ok);
        QVERIFY2(ok && id > 0, qPrintable(opened.out));
        QVERIFY(opened.err.contains(QStringLiteral("Deadline")));

        const auto bad = ctl(m_sys,
                             { QStringLiteral("incident"), QStringLiteral("open"), QStringLiteral("--title"),
                               QStringLiteral("x"), QStringLiteral("--detected-at"), QStringLiteral("yesterday") });
        QCOMPARE(bad.exitCode, 2);

        const auto listed = ctl(m_aud, { QStringLiteral("incident"), QStringLiteral("list") });
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.err));
        const QString line = listed.out.section(QLatin1Char('\n'), 0, 0);
        QVERIFY2(line.startsWith(QString::number(id) + QLatin1Char('\t')), qPrintable(listed.out));
        QVERIFY2(QRegularExpression(QStringLiteral("due in 5[12] h")).match(line).hasMatch(), qPrintable(line));

        QCOMPARE(ctl(m_sys,
                     { QStringLiteral("incident"), QStringLiteral("note"), QStringLiteral("--id"), QString::number(id),
                       QStringLiteral("--text"), QStringLiteral("hoster called") })
                     .exitCode,
                 0);
        const auto closing
            = ctl(m_sys,
                  { QStringLiteral("incident"), QStringLiteral("close"), QStringLiteral("--id"), QString::number(id) });
        QCOMPARE(closing.exitCode, 5);
        QVERIFY2(closing.err.contains(QStringLiteral("q10_measures_taken")), qPrintable(closing.err));
        QVERIFY(closing.err.contains(QStringLiteral("decision_notify")));
        const auto shown = ctl(
            m_aud, { QStringLiteral("incident"), QStringLiteral("show"), QStringLiteral("--id"), QString::number(id) });
        QVERIFY(shown.out.contains(QStringLiteral("hoster called")));
        QVERIFY(shown.out.contains(QStringLiteral("4. Timeline")));
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT count(*) FROM art32.incidents WHERE state = 'closed' AND id = "
                                          + std::to_string(id)),
                 0LL);

        // Export: JSON with the questions numbered, and the PDF read back in English and Dutch.
        auto filled = as(*m_sysDb, [&](pqxx::connection_base& c) {
            auto i = incidents::load(c, id);
            return incidents::update(c, id, i->version, fieldsToClose());
        });
        QVERIFY(filled);
        const auto json = ctl(m_aud,
                              { QStringLiteral("incident"), QStringLiteral("export"), QStringLiteral("--id"),
                                QString::number(id), QStringLiteral("--format"), QStringLiteral("json"),
                                QStringLiteral("--lang"), QStringLiteral("nl") });
        QVERIFY2(json.exitCode == 0, qPrintable(json.err));
        const QJsonObject doc = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(doc.value(QStringLiteral("id")).toInteger(), id);
        const QJsonArray answers = doc.value(QStringLiteral("answers")).toArray();
        QVERIFY(std::any_of(answers.begin(), answers.end(), [](const QJsonValue& a) {
            return a[QStringLiteral("number")] == QStringLiteral("10.4")
                && a[QStringLiteral("question")] == QStringLiteral("Genomen maatregelen")
                && a[QStringLiteral("value")] == QStringLiteral("link removed");
        }));
        QCOMPARE(doc.value(QStringLiteral("enisa"))[QStringLiteral("score")].toDouble(), 1.5);

        QTemporaryDir dir;
        for (const char* lang : { "en", "nl" }) {
            const QString path = dir.filePath(QStringLiteral("incident-%1.pdf").arg(QLatin1String(lang)));
            const auto pdf = ctl(m_aud,
                                 { QStringLiteral("incident"), QStringLiteral("export"), QStringLiteral("--id"),
                                   QString::number(id), QStringLiteral("--format"), QStringLiteral("pdf"),
                                   QStringLiteral("--lang"), QLatin1String(lang), QStringLiteral("--output"), path });
            QVERIFY2(pdf.exitCode == 0, qPrintable(pdf.err));
            QCOMPARE(QFile::permissions(path) & 0x0077, QFileDevice::Permissions());
            const QString text = pdfText(path).simplified();
            QVERIFY2(!text.isEmpty(), "pdftotext read nothing");
            if (QByteArray(lang) == "en") {
                QVERIFY2(text.contains(QStringLiteral("4. Timeline")), qPrintable(text));
                QVERIFY(text.contains(QStringLiteral("10.4 Measures taken link removed")));
                QVERIFY(text.contains(QStringLiteral("read by an unauthorised person")));
                QVERIFY(text.contains(QStringLiteral("Alert: dump downloaded")));
                // Chapters in the form's order.
                QVERIFY(text.indexOf(QStringLiteral("1. Introduction")) < text.indexOf(QStringLiteral("4. Timeline")));
                QVERIFY(text.indexOf(QStringLiteral("4. Timeline")) < text.indexOf(QStringLiteral("10. Follow-up")));
            } else {
                QVERIFY2(text.contains(QStringLiteral("4. Tijdlijn")), qPrintable(text));
                QVERIFY(text.contains(QStringLiteral("10.4 Genomen maatregelen link removed")));
                QVERIFY(text.contains(QStringLiteral("ingezien door een onbevoegde")));
                QVERIFY(text.contains(QStringLiteral("Op de hoogte van het datalek op")));
                QVERIFY(!text.contains(QStringLiteral("Measures taken")));
            }
        }
    }

    // i14-decisions: incident decide and incident report on the command line, with the server's rules and the exit
    // codes; export --report N writes the frozen report as it was sent, not the incident as it is now.
    void commandLineDecisionsAndReports()
    {
        // Its own unlocked connection: the fixture's may have idled out by now.
        m_offset += 60;
        test::setServerClockOffset(m_db, m_offset);
        const auto db = test::unlockedAs(m_db, m_sys, m_keychain, m_offset);
        QVERIFY(db);
        const QDateTime aware = serverNow().addSecs(-3600);
        auto opened = as(*db, [&](pqxx::connection_base& c) {
            return incidents::open(c, QStringLiteral("Laptop lost"), aware.addSecs(-600), aware);
        });
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
        const qint64 id = opened.value();
        const QString n = QString::number(id);
        const auto decide = [&](const test::TestAdmin& who, const QStringList& more) {
            return ctl(who,
                       QStringList { QStringLiteral("incident"), QStringLiteral("decide"), QStringLiteral("--id"), n }
                           + more);
        };
        const QStringList notifyYes { QStringLiteral("--kind"),      QStringLiteral("notify"),
                                      QStringLiteral("--decision"),  QStringLiteral("yes"),
                                      QStringLiteral("--rationale"), QStringLiteral("names and e-mail of customers") };
        // Only a CTO records the notify decision: the server refuses a sysadmin's (exit 5, refused).
        const auto refused = decide(m_sys, notifyYes);
        QVERIFY2(refused.exitCode == 5, qPrintable(refused.err));
        QCOMPARE(test::superuserCount(
                     m_db, "SELECT count(*) FROM art32.incident_decisions WHERE incident_id = " + std::to_string(id)),
                 0LL);
        // Ground c without its public communication, and a ground with a yes, are refused before connecting.
        QCOMPARE(decide(m_sys,
                        { QStringLiteral("--kind"), QStringLiteral("inform"), QStringLiteral("--decision"),
                          QStringLiteral("no"), QStringLiteral("--ground"), QStringLiteral("c"),
                          QStringLiteral("--rationale"), QStringLiteral("too many to reach") })
                     .exitCode,
                 2);
        QCOMPARE(decide(m_sys,
                        { QStringLiteral("--kind"), QStringLiteral("inform"), QStringLiteral("--decision"),
                          QStringLiteral("yes"), QStringLiteral("--ground"), QStringLiteral("a"),
                          QStringLiteral("--rationale"), QStringLiteral("a letter to each") })
                     .exitCode,
                 2);
        const auto yes = decide(m_cto, notifyYes);
        QVERIFY2(yes.exitCode == 0, qPrintable(yes.err));
        const auto inform = decide(m_sys,
                                   { QStringLiteral("--kind"), QStringLiteral("inform"), QStringLiteral("--decision"),
                                     QStringLiteral("no"), QStringLiteral("--ground"), QStringLiteral("a"),
                                     QStringLiteral("--rationale"), QStringLiteral("the laptop disk was encrypted") });
        QVERIFY2(inform.exitCode == 0, qPrintable(inform.err));
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT count(*) FROM art32.incident_decisions WHERE incident_id = "
                                          + std::to_string(id)
                                          + " AND (kind, decision, coalesce(art34_ground, '')) "
                                            "IN (('notify_authority', true, ''), ('inform_subjects', false, 'a'))"),
                 2LL);

        // The initial report, then a later edit: the frozen report keeps what was sent.
        auto filled = as(*db, [&](pqxx::connection_base& c) {
            auto i = incidents::load(c, id);
            return incidents::update(
                c, id, i->version,
                QJsonObject { { QStringLiteral("q5_description"), QStringLiteral("as reported at the start") } });
        });
        QVERIFY(filled && filled.value() > 0);
        const auto sent = ctl(m_cto,
                              { QStringLiteral("incident"), QStringLiteral("report"), QStringLiteral("--id"), n,
                                QStringLiteral("--number"), QStringLiteral("AP-77"), QStringLiteral("--sent-at"),
                                isoUtc(QDateTime::currentDateTimeUtc().addSecs(-120)) });
        QVERIFY2(sent.exitCode == 0, qPrintable(sent.err));
        QVERIFY2(sent.out.contains(QStringLiteral("Initial notification")), qPrintable(sent.out));
        auto later = as(*db, [&](pqxx::connection_base& c) {
            auto i = incidents::load(c, id);
            return incidents::update(
                c, id, i->version,
                QJsonObject { { QStringLiteral("q5_description"), QStringLiteral("rewritten later") } });
        });
        QVERIFY(later && later.value() > 0);
        const auto json = ctl(m_aud,
                              { QStringLiteral("incident"), QStringLiteral("export"), QStringLiteral("--id"), n,
                                QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--report"),
                                QStringLiteral("1") });
        QVERIFY2(json.exitCode == 0, qPrintable(json.err));
        const QJsonObject doc = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(doc.value(QStringLiteral("as_reported"))[QStringLiteral("report_number")].toString(),
                 QStringLiteral("AP-77"));
        QVERIFY(json.out.contains(QStringLiteral("as reported at the start")));
        QVERIFY(!json.out.contains(QStringLiteral("rewritten later")));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("report-1.pdf"));
        const auto pdf
            = ctl(m_aud,
                  { QStringLiteral("incident"), QStringLiteral("export"), QStringLiteral("--id"), n,
                    QStringLiteral("--format"), QStringLiteral("pdf"), QStringLiteral("--lang"), QStringLiteral("nl"),
                    QStringLiteral("--report"), QStringLiteral("1"), QStringLiteral("--output"), path });
        QVERIFY2(pdf.exitCode == 0, qPrintable(pdf.err));
        const QString text = pdfText(path).simplified();
        QVERIFY2(text.contains(QStringLiteral("onder meldingsnummer AP-77")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("as reported at the start")));
        QVERIFY(!text.contains(QStringLiteral("rewritten later")));
        // A report never sent is not found (exit 7).
        const auto none = ctl(m_aud,
                              { QStringLiteral("incident"), QStringLiteral("export"), QStringLiteral("--id"), n,
                                QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--report"),
                                QStringLiteral("2") });
        QVERIFY2(none.exitCode == 7, qPrintable(none.err));
    }
};

QTEST_GUILESS_MAIN(TestIncidents)
#include "tst_incidents.moc"
