#include "../security/SecuritySupport.h"
#include "AuditSeed.h"
#include "accounts/AccountsModel.h"
#include "audit/Chain.h"
#include "backup/Catalogue.h"
#include "core/Clock.h"
#include "core/Settings.h"
#include "core/Translations.h"
#include "incidents/AccountPicker.h"
#include "incidents/Evidence.h"
#include "incidents/EvidenceSection.h"
#include "incidents/IncidentStore.h"
#include "incidents/IncidentsView.h"
#include "main/Console.h"
#include "main/MainWindow.h"
#include "records/RecordStore.h"
#include "session/Session.h"
#include "unlock/UnlockDialog.h"

#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <pqxx/nontransaction>

using namespace art32;
using namespace art32::incidents;

/**
 * Evidence from the console itself (issue 14): for an incident's window, who read or changed which accounts, from
 * the audit chain, with the checkpoint that covers it; linking those accounts; the restore offer. Against the
 * harness's PostgreSQL, with real reads, refusals, an export and an erasure made by two admins inside and outside
 * the window.
 */
class TestIncidentEvidence : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_incident_evidence");
    Keychain m_keychain;
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    std::unique_ptr<Database> m_ctoDb, m_sysDb, m_audDb;
    EvidenceWindow m_window;
    QTemporaryDir m_dir;
    std::unique_ptr<ProfileStore> m_profiles;
    qint64 m_guiIncident = 0;

    template<typename T> static T* find(QObject* parent, const char* name)
    {
        return parent->findChild<T*>(QLatin1String(name));
    }

    /** What the section says (its labels and banner), for a failing check's message. */
    static QString shownText(QWidget* w)
    {
        QStringList texts;
        for (const QLabel* l : w->findChildren<QLabel*>())
            if (!l->text().isEmpty())
                texts << l->text();
        return texts.join(QStringLiteral(" | "));
    }

    /** Unlocks a console as the admin and shows the incident in its Incidents view. */
    ui::IncidentsView* openAs(ui::Console& console, const test::TestAdmin& admin, qint64 incident)
    {
        if (!console.start(admin.profile.name))
            return nullptr;
        [&] {
            QTRY_COMPARE(console.session()->state(), Session::State::Locked);
        }();
        auto* edit = find<QLineEdit>(console.unlockDialog(), "codeLineEdit");
        [&] {
            QTRY_VERIFY(edit->isEnabled());
        }();
        moveClock(60);
        edit->clear();
        QTest::keyClicks(edit, test::codeFor(admin, m_offset));
        find<QPushButton>(console.unlockDialog(), "unlockButton")->click();
        [&] {
            QTRY_VERIFY(console.mainWindow() && console.mainWindow()->isVisible());
        }();
        if (!console.mainWindow())
            return nullptr;
        auto* view = find<ui::IncidentsView>(console.mainWindow(), "incidentsView");
        auto* table = find<QTableWidget>(view, "incidentsTable");
        [&] {
            QTRY_VERIFY(table->rowCount() >= 1);
        }();
        for (int row = 0; row < table->rowCount(); ++row)
            if (table->item(row, 0)->data(Qt::UserRole).toLongLong() == incident)
                table->selectRow(row);
        [&] {
            QTRY_COMPARE(view->currentId(), incident);
        }();
        return view->currentId() == incident ? view : nullptr;
    }

    QDateTime serverNow() { return QDateTime::currentDateTimeUtc().addSecs(m_offset); }
    void moveClock(qint64 seconds)
    {
        m_offset += seconds;
        test::setServerClockOffset(m_db, m_offset);
    }
    void read(Database& db, records::ReadWhy why, qint64 first, qint64 last)
    {
        // A refused read is audited too (records.refused); its error is expected here.
        (void)db.call([&](pqxx::connection_base& c) { return records::openRead(c, why, first, last); });
    }
    Result<Evidence> collect(Database& db, const EvidenceWindow& w)
    {
        return db.call([&](pqxx::connection_base& c) { return collectEvidence(c, w); });
    }
    static const EvidenceRow* rowOf(const Evidence& ev, qint64 account, const QString& actor, EvidenceKind kind)
    {
        for (const EvidenceRow& r : ev.rows)
            if (r.account == account && r.actor == actor && r.kind == kind)
                return &r;
        return nullptr;
    }
    std::string plan(const std::string& sql)
    {
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        pqxx::nontransaction tx(super);
        std::string text;
        for (const auto& row : tx.exec(sql))
            text += row[0].as<std::string>() + '\n';
        return text;
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_ie"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        m_ctoDb = test::unlockedAs(m_db, m_cto, m_keychain, m_offset);
        m_sysDb = test::unlockedAs(m_db, m_sys, m_keychain, m_offset);
        m_audDb = test::unlockedAs(m_db, m_aud, m_keychain, m_offset);
        QVERIFY(m_ctoDb && m_sysDb && m_audDb);
        test::superuserExec(m_db,
                            "INSERT INTO art32.accounts (id, company_name, plan) SELECT g, 'Klant ' || g, 'starter' "
                            "FROM generate_series(1, 6) g");
        // Three people on account 1 (two records each), one on account 2, one on account 5.
        test::superuserExec(m_db,
                            "INSERT INTO art32.records (account_id, contact, kind, ciphertext) "
                            "SELECT a, c, k, decode(repeat('00', 45), 'hex') FROM (VALUES (1, 1), (1, 2), (1, 3), "
                            "(2, 1), (5, 1)) v(a, c), generate_series(1, 2) k");
        QVERIFY(test::scalar(*m_ctoDb, "SELECT art32.grant_access('tst_ie_sys', 2, 'incident evidence test', 600)"));
        QLocale::setDefault(QLocale::c());
        applyLanguage(QStringLiteral("en"));
        m_profiles = std::make_unique<ProfileStore>(m_dir.filePath(QStringLiteral("profiles.ini")));
        for (const auto* a : { &m_cto, &m_sys, &m_aud })
            QVERIFY(m_profiles->save(a->profile));
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

    // Reads and changes by two admins before, inside and after the window: only those inside are listed, counted
    // per account, actor and kind.
    void listsWhoReadAndChangedInTheWindow()
    {
        using records::ReadWhy;
        moveClock(120); // before the window
        read(*m_ctoDb, ReadWhy::Reveal, 3, 3);
        read(*m_sysDb, ReadWhy::Reveal, 2, 2);
        moveClock(120);
        m_window.from = serverNow().addSecs(-60);
        read(*m_ctoDb, ReadWhy::Reveal, 1, 1);
        read(*m_ctoDb, ReadWhy::Reveal, 1, 1);
        read(*m_sysDb, ReadWhy::Reveal, 2, 2);
        read(*m_sysDb, ReadWhy::Reveal, 1, 1); // no grant: refused, and audited
        read(*m_sysDb, ReadWhy::Reveal, 6, 6); // refused too: listed, but nothing was shown, so not linked
        read(*m_ctoDb, ReadWhy::Export, 2, 2);
        read(*m_ctoDb, ReadWhy::Scan, 1, 6);
        QVERIFY(test::scalar(*m_ctoDb, "SELECT art32.erase_account(5, '5')"));
        moveClock(120);
        m_window.to = serverNow().addSecs(-60);
        read(*m_sysDb, ReadWhy::Reveal, 2, 2); // after the window
        read(*m_ctoDb, ReadWhy::Reveal, 4, 4);

        const QString cto = m_cto.profile.user, sys = m_sys.profile.user;
        auto ev = collect(*m_audDb, m_window); // auditors read the evidence
        QVERIFY2(ev, qPrintable(ev.error().message));
        QVERIFY(ev->eventsScanned >= ev->eventsListed);
        const EvidenceRow* r = rowOf(ev.value(), 1, cto, EvidenceKind::Read);
        QVERIFY(r);
        QCOMPARE(r->count, 2);
        QVERIFY(r->first >= m_window.from && r->last < m_window.to && r->first <= r->last);
        r = rowOf(ev.value(), 2, sys, EvidenceKind::Read);
        QVERIFY(r);
        QCOMPARE(r->count, 1); // the reads before and after the window are not in it
        r = rowOf(ev.value(), 1, sys, EvidenceKind::Refused);
        QVERIFY(r);
        QCOMPARE(r->count, 1);
        r = rowOf(ev.value(), 2, cto, EvidenceKind::Export);
        QVERIFY(r);
        QCOMPARE(r->count, 1);
        QVERIFY(!rowOf(ev.value(), 2, cto, EvidenceKind::Read)); // an export is not also a read
        r = rowOf(ev.value(), 5, cto, EvidenceKind::Erasure);
        QVERIFY(r);
        QCOMPARE(r->count, 1);
        // The erasure's writes: the account row marked erased, its two records deleted.
        r = rowOf(ev.value(), 5, cto, EvidenceKind::Change);
        QVERIFY(r);
        QCOMPARE(r->count, 3);
        for (const EvidenceRow& row : ev->rows) {
            QVERIFY2(row.account != 3 && row.account != 4, "an account read outside the window is listed");
            if (!row.account) { // the scan: a range read
                QCOMPARE(row.actor, cto);
                QCOMPARE(row.rangeFirst, 1);
                QCOMPARE(row.rangeLast, 6);
            }
        }
        QVERIFY(rowOf(ev.value(), 6, sys, EvidenceKind::Refused));
        QCOMPARE(ev->accounts(), (QList<qint64> { 1, 2, 5 }));
        // A sysadmin reads every admin's events too (RLS read_audit): the same rows.
        auto bySys = collect(*m_sysDb, m_window);
        QVERIFY(bySys);
        QCOMPARE(bySys->rows.size(), ev->rows.size());
        QVERIFY(rowOf(bySys.value(), 1, cto, EvidenceKind::Read));
        // A window with the end before the start is refused with a message.
        auto reversed = collect(*m_audDb, { m_window.to, m_window.from });
        QVERIFY(!reversed);
        QCOMPARE(reversed.error().code, QStringLiteral("evidence.window"));
    }

    // No checkpoint covers the window yet: said. One after its last event covers it; a verify up to it says so.
    void theCoveringCheckpoint()
    {
        auto ev = collect(*m_audDb, m_window);
        QVERIFY(ev);
        QVERIFY(ev->lastEvent > 0);
        QVERIFY(!ev->checkpoint);
        QVERIFY(!ev->verifiedUpToCheckpoint);
        const std::string cto = m_cto.profile.user.toStdString();
        // A checkpoint of an event inside the window does not cover all of it; the next one does.
        test::seedAuditEvents(m_db,
                              "SELECT '" + cto + "', 'audit.checkpoint', '" + std::to_string(ev->lastEvent - 1)
                                  + "', '{\"hash\": \"aa\"}'::jsonb UNION ALL SELECT '" + cto
                                  + "', 'audit.checkpoint', '" + std::to_string(ev->lastEvent + 2)
                                  + "', '{\"hash\": \"bb\"}'::jsonb");
        ev = collect(*m_audDb, m_window);
        QVERIFY(ev);
        QVERIFY(ev->checkpoint);
        QCOMPARE(ev->checkpoint->seq, ev->lastEvent + 2);
        QCOMPARE(ev->checkpoint->hash, QStringLiteral("bb"));
        QCOMPARE(ev->checkpoint->signer, m_cto.profile.user);
        QVERIFY(!ev->verifiedUpToCheckpoint); // nobody verified the chain since
        auto report = audit::verify(*m_ctoDb, 1, std::nullopt, {}, nullptr);
        QVERIFY2(report, qPrintable(report.error().message));
        QCOMPARE(report->kind, audit::BreakKind::None);
        ev = collect(*m_audDb, m_window);
        QVERIFY(ev);
        QVERIFY(ev->lastVerify);
        QCOMPARE(ev->lastVerify->outcome, QStringLiteral("intact"));
        QVERIFY(ev->verifiedUpToCheckpoint);
    }

    // Linking the evidence's accounts counts their people and records (questions 6 and 7); an auditor may not.
    void linkAndCount()
    {
        auto ev = collect(*m_ctoDb, m_window);
        QVERIFY(ev);
        auto id = m_sysDb->call([&](pqxx::connection_base& c) {
            return incidents::open(c, QStringLiteral("Evidence"), m_window.from, m_window.from);
        });
        QVERIFY(id);
        auto refused
            = m_audDb->call([&](pqxx::connection_base& c) { return linkAccounts(c, id.value(), ev->accounts()); });
        QVERIFY(!refused);
        QCOMPARE(test::superuserCount(m_db, "SELECT count(*) FROM art32.incident_accounts"), 0LL);
        auto linked
            = m_sysDb->call([&](pqxx::connection_base& c) { return linkAccounts(c, id.value(), ev->accounts()); });
        QVERIFY2(linked, qPrintable(linked.error().message));
        QCOMPARE(linked.value(), 3);
        auto counts = m_sysDb->call([&](pqxx::connection_base& c) { return accountCounts(c, id.value()); });
        QVERIFY(counts);
        QCOMPARE(counts->accounts, 3);
        QCOMPARE(counts->people, 4); // three on account 1, one on account 2; account 5's were erased
        QCOMPARE(counts->records, 8);
    }

    // The form as a sysadmin: collect, link (asking before replacing a typed number), the picker adds and Remove
    // removes, and a recorded drill offered for an availability breach goes into the report and the timeline.
    void formLinksPrefillsPicksAndOffersTheRestore()
    {
        auto id = m_sysDb->call([&](pqxx::connection_base& c) {
            return incidents::open(c, QStringLiteral("Evidence in the form"), m_window.from, m_window.from);
        });
        QVERIFY(id);
        const qint64 incident = id.value();
        m_guiIncident = incident;
        QJsonObject times;
        times.insert(QStringLiteral("q4_started_at"), isoUtc(m_window.from));
        times.insert(QStringLiteral("q4_ended_at"), isoUtc(m_window.to));
        QVERIFY(m_sysDb->call([&](pqxx::connection_base& c) { return incidents::update(c, incident, 1, times); }));
        // A drill recorded just after the window: the restore offer.
        auto begun = m_sysDb->call([&](pqxx::connection_base& c) {
            return backup::catalogue::begin(c, QStringLiteral("art32-drill.art32bak"),
                                            QStringLiteral("/x/art32-drill.art32bak"));
        });
        QVERIFY(begun);
        QVERIFY(m_sysDb->call([&](pqxx::connection_base& c) {
            return backup::catalogue::finish(c, begun->id, true, 1000, QStringLiteral("15"), {}, {});
        }));
        auto check = m_sysDb->call([&](pqxx::connection_base& c) {
            return backup::catalogue::checkBegin(c, begun->id, backup::CheckEntry::Kind::Drill);
        });
        QVERIFY(check);
        const qint64 checkId = check.value();
        QVERIFY(m_sysDb->call(
            [&](pqxx::connection_base& c) { return backup::catalogue::checkFinish(c, checkId, true, 0.5, 0, {}); }));

        Settings settings(m_dir.filePath(QStringLiteral("sys.ini")));
        ui::Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        ui::IncidentsView* view = openAs(console, m_sys, incident);
        QVERIFY(view);
        auto* section = find<ui::EvidenceSection>(view, "evidenceSection");
        QVERIFY(section);
        QCOMPARE(parseIso(find<QLineEdit>(view, "evidenceFrom")->text()),
                 m_window.from.addMSecs(-m_window.from.time().msec()));
        find<QLineEdit>(view, "q6_records_min")->setText(QStringLiteral("99")); // typed by the user
        QTRY_VERIFY(find<QPushButton>(view, "collectEvidenceButton")->isEnabled());
        find<QPushButton>(view, "collectEvidenceButton")->click();
        QTRY_VERIFY2(section->evidence().has_value(), qPrintable(shownText(section)));
        QCOMPARE(find<QTableWidget>(view, "evidenceTable")->rowCount(), int(section->evidence()->rows.size()));
        QVERIFY2(
            find<QLabel>(view, "evidenceCheckpoint")->text().contains(QStringLiteral("signed checkpoint of event")),
            qPrintable(find<QLabel>(view, "evidenceCheckpoint")->text()));
        auto* link = find<QPushButton>(view, "linkEvidenceButton");
        QVERIFY(link->isEnabled());
        int asked = 0;
        bool answer = false;
        section->setConfirm([&](const QString&) {
            ++asked;
            return answer;
        });
        link->click();
        auto* linked = find<QTableWidget>(view, "linkedAccountsTable");
        QTRY_COMPARE(linked->rowCount(), 3);
        QTRY_COMPARE(asked, 1);
        QCOMPARE(find<QLineEdit>(view, "q6_records_min")->text(), QStringLiteral("99")); // kept: the user said no
        QCOMPARE(find<QLineEdit>(view, "q6_records_max")->text(), QStringLiteral("8"));
        QCOMPARE(find<QLineEdit>(view, "q7_people_min")->text(), QStringLiteral("4"));
        QCOMPARE(find<QLineEdit>(view, "q7_people_max")->text(), QStringLiteral("4"));
        answer = true;
        link->click();
        QTRY_COMPARE(asked, 2);
        QTRY_COMPARE(find<QLineEdit>(view, "q6_records_min")->text(), QStringLiteral("8"));

        // Add accounts…: the Accounts view's model and search, several at once.
        find<QPushButton>(view, "addAccountsButton")->click();
        auto* picker = section->findChild<ui::AccountPicker*>();
        QVERIFY(picker);
        find<QLineEdit>(picker, "pickerSearchLineEdit")->setText(QStringLiteral("Klant"));
        picker->search();
        auto* pickTable = find<QTableView>(picker, "pickerAccountsTableView");
        QTRY_COMPARE(picker->model()->rowCount(), 6);
        for (int row = 0; row < picker->model()->rowCount(); ++row)
            if (picker->model()->account(row).id == 3 || picker->model()->account(row).id == 4)
                pickTable->selectionModel()->select(picker->model()->index(row, 0),
                                                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QCOMPARE(picker->selectedAccounts(), (QList<qint64> { 3, 4 }));
        auto* add = find<QPushButton>(picker, "pickerAddButton");
        QVERIFY(add->text().contains(QStringLiteral("2")));
        add->click();
        QTRY_COMPARE(linked->rowCount(), 5);
        const std::string linkedSql
            = "SELECT count(*) FROM art32.incident_accounts WHERE incident_id = " + std::to_string(incident);
        QCOMPARE(test::superuserCount(m_db, linkedSql), 5LL);
        // Remove: the selected account is unlinked.
        for (int row = 0; row < linked->rowCount(); ++row)
            if (linked->item(row, 0)->data(Qt::UserRole).toLongLong() == 3)
                linked->selectRow(row);
        find<QPushButton>(view, "removeAccountButton")->click();
        QTRY_COMPARE(linked->rowCount(), 4);
        QCOMPARE(test::superuserCount(m_db, linkedSql + " AND account_id = 3"), 0LL);

        // An availability breach: the drill is offered, and goes into questions 9 and 10 and the timeline.
        auto* offer = find<QWidget>(view, "restoreOffer");
        QVERIFY(offer->isHidden());
        auto* nature = find<QListWidget>(view, "q5_nature");
        for (int k = 0; k < nature->count(); ++k)
            if (nature->item(k)->data(Qt::UserRole).toString() == QLatin1String("lost_temporarily"))
                nature->item(k)->setCheckState(Qt::Checked);
        QVERIFY(!offer->isHidden());
        QTRY_VERIFY(section->restoreOffer().has_value());
        QCOMPARE(section->restoreOffer()->check.id, checkId);
        QVERIFY(find<QLabel>(view, "restoreOfferLabel")->text().contains(QStringLiteral("art32-drill.art32bak")));
        find<QPushButton>(view, "useRestoreButton")->click();
        QVERIFY(find<QPlainTextEdit>(view, "q10_measures_taken")
                    ->toPlainText()
                    .contains(QStringLiteral("art32-drill.art32bak")));
        QVERIFY(!find<QPlainTextEdit>(view, "q9_consequences_subjects")->toPlainText().isEmpty());
        QTRY_COMPARE(test::superuserCount(m_db,
                                          "SELECT count(*) FROM art32.incident_timeline WHERE kind = 'note' AND "
                                          "incident_id = "
                                              + std::to_string(incident) + " AND what LIKE 'Restore evidence%'"),
                     1LL);
        // Outside any restore: said.
        find<QLineEdit>(view, "evidenceFrom")->setText(QStringLiteral("2020-01-01T00:00"));
        find<QLineEdit>(view, "evidenceTo")->setText(QStringLiteral("2020-01-02T00:00"));
        QTest::keyClick(find<QLineEdit>(view, "evidenceTo"), Qt::Key_Space);
        QTest::keyClick(find<QLineEdit>(view, "evidenceTo"), Qt::Key_Backspace);
        QVERIFY(find<QLabel>(view, "restoreOfferLabel")->text().contains(QStringLiteral("No restore recorded")));
    }

    // An auditor sees the evidence; the buttons that write are off (and the server refuses anyway: linkAndCount).
    void auditorReadsButCannotLink()
    {
        QVERIFY(m_guiIncident > 0);
        Settings settings(m_dir.filePath(QStringLiteral("aud.ini")));
        ui::Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        ui::IncidentsView* view = openAs(console, m_aud, m_guiIncident);
        QVERIFY(view);
        auto* section = find<ui::EvidenceSection>(view, "evidenceSection");
        QTRY_COMPARE(find<QTableWidget>(view, "linkedAccountsTable")->rowCount(), 4);
        QTRY_VERIFY(find<QPushButton>(view, "collectEvidenceButton")->isEnabled());
        find<QPushButton>(view, "collectEvidenceButton")->click();
        QTRY_VERIFY(section->evidence().has_value());
        QVERIFY(find<QTableWidget>(view, "evidenceTable")->rowCount() > 0);
        QVERIFY(!find<QPushButton>(view, "linkEvidenceButton")->isEnabled());
        QVERIFY(!find<QPushButton>(view, "addAccountsButton")->isEnabled());
        QVERIFY(!find<QPushButton>(view, "removeAccountButton")->isEnabled());
    }

    // The page query walks the primary key inside the window: never a scan of the whole log.
    void thePageIsAKeysetRangeOfThePrimaryKey()
    {
        test::seedAuditEvents(m_db,
                              "SELECT 'filler', 'records.reveal', (g % 50)::text, "
                              "jsonb_build_object('account', g % 50) FROM generate_series(1, 4000) g");
        test::superuserExec(m_db, "ANALYZE art32.audit_events");
        const long long last = test::superuserCount(m_db, "SELECT max(seq) FROM art32.audit_events");
        std::string sql = evidencePageSql();
        const std::string p = plan("PREPARE ev_page(bigint, bigint, int) AS " + sql + "; EXPLAIN EXECUTE ev_page("
                                   + std::to_string(last - 300) + ", " + std::to_string(last - 100) + ", 20000)");
        QVERIFY2(p.find("audit_events_pkey") != std::string::npos, p.c_str());
        QVERIFY2(p.find("Seq Scan on audit_events") == std::string::npos, p.c_str());
        // The whole log in pages of kEvidenceBatch: every event counted once.
        EvidenceWindow all { serverNow().addDays(-1), serverNow().addDays(1) };
        auto ev = collect(*m_audDb, all);
        QVERIFY(ev);
        QCOMPARE(ev->eventsScanned, test::superuserCount(m_db, "SELECT count(*) FROM art32.audit_events"));
        qint64 filler = 0;
        for (const EvidenceRow& r : ev->rows)
            if (r.actor == QLatin1String("filler"))
                filler += r.count;
        QCOMPARE(filler, 4000);
    }

    void restoreOfferPicksTheRestoreInTheWindow()
    {
        const QDateTime t0 = QDateTime::fromString(QStringLiteral("2026-11-02T10:00:00Z"), Qt::ISODate);
        backup::BackupEntry b;
        b.id = 7;
        b.label = QStringLiteral("art32-20261101.art32bak");
        b.started = t0.addDays(-1);
        b.finished = t0.addDays(-1).addSecs(60);
        b.state = backup::BackupState::Complete;
        backup::CheckEntry drill;
        drill.id = 1;
        drill.backupId = 7;
        drill.kind = backup::CheckEntry::Kind::Drill;
        drill.started = t0.addSecs(3600);
        drill.finished = t0.addSecs(3700);
        drill.ok = true;
        drill.restoreSeconds = 90;
        backup::CheckEntry restore = drill;
        restore.id = 2;
        restore.kind = backup::CheckEntry::Kind::Restore;
        restore.started = t0.addSecs(1800);
        restore.finished = t0.addSecs(2000);
        restore.restoreSeconds = 150;
        backup::CheckEntry failed = restore;
        failed.id = 3;
        failed.ok = false;
        failed.finished = t0.addSecs(4000);
        const EvidenceWindow w { t0, t0.addSecs(7200) };
        auto offer = restoreOfferFor({ b }, { drill, restore, failed }, w);
        QVERIFY(offer);
        QCOMPARE(offer->check.id, 2); // a restore before a drill; a failed one never
        QCOMPARE(offer->restoreSeconds, 150.0);
        QVERIFY(offer->withinPromise);
        const RestoreText text = restoreText(*offer);
        QVERIFY(text.measures.contains(b.label));
        QVERIFY(text.measures.contains(QStringLiteral("within the promise of 48 working hours")));
        QVERIFY(!text.timelineNote.isEmpty());
        QVERIFY(restoreOfferFor({ b }, { drill }, w)->check.kind == backup::CheckEntry::Kind::Drill);
        // Outside the window (and the day after it): nothing to offer.
        QVERIFY(!restoreOfferFor({ b }, { drill, restore }, { t0.addDays(3), t0.addDays(4) }));
        Incident i;
        i.fields.insert(QStringLiteral("q5_nature"), QJsonArray { QStringLiteral("read") });
        QVERIFY(!isAvailabilityBreach(i));
        i.fields.insert(QStringLiteral("q5_nature"), QJsonArray { QStringLiteral("lost_temporarily") });
        QVERIFY(isAvailabilityBreach(i));
    }
};

QTEST_MAIN(TestIncidentEvidence)
#include "tst_incident_evidence.moc"
