#include "TestSupport.h"
#include "core/Clock.h"
#include "core/Settings.h"
#include "core/Translations.h"
#include "incidents/DecisionsPanel.h"
#include "incidents/IncidentRecords.h"
#include "incidents/IncidentsView.h"
#include "incidents/ReportsPanel.h"
#include "incidents/TimelinePanel.h"
#include "keychain/Keychain.h"
#include "main/Console.h"
#include "main/MainWindow.h"
#include "session/Services.h"
#include "session/Session.h"
#include "unlock/UnlockDialog.h"
#include "widgets/Banner.h"

#include <QComboBox>
#include <QDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QUuid>

using namespace art32;
using art32::ui::Console;
using art32::ui::IncidentsView;

/**
 * The incident form's records offscreen against the harness's PostgreSQL (i14-decisions): decisions recorded by a
 * CTO and the notify decision refused to a sysadmin (disabled with the reason, and by the server), the Art. 34(3)
 * grounds with the public communication ground c needs, the timeline with field changes that match the audit
 * chain and notes, a report frozen and shown unchanged after later edits and exported (pdftotext, JSON), and the
 * list's filters and sorting by state, severity, time left and assignee.
 */
class TestIncidentRecordsGui : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_incident_records_gui");
    QTemporaryDir m_dir;
    Keychain m_keychain {
        QStringLiteral("Art32 Console incident records GUI test %1").arg(QUuid::createUuid().toString())
    };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    std::unique_ptr<ProfileStore> m_profiles;
    qint64 m_id = 0;

    template<typename T> static T* find(QObject* parent, const char* name)
    {
        T* found = parent->findChild<T*>(QLatin1String(name));
        if (!found)
            qWarning("no %s", name);
        return found;
    }

    IncidentsView* unlockAs(Console& console, const test::TestAdmin& admin)
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
        m_offset += 60;
        test::setServerClockOffset(m_db, m_offset);
        edit->clear();
        QTest::keyClicks(edit, test::codeFor(admin, m_offset));
        find<QPushButton>(console.unlockDialog(), "unlockButton")->click();
        [&] {
            QTRY_VERIFY(console.mainWindow() && console.mainWindow()->isVisible());
        }();
        return console.mainWindow() ? find<IncidentsView>(console.mainWindow(), "incidentsView") : nullptr;
    }

    static QString treeText(QTreeWidget* tree)
    {
        QStringList lines;
        for (int k = 0; k < tree->topLevelItemCount(); ++k) {
            QStringList cells;
            for (int c = 0; c < tree->columnCount(); ++c)
                cells << tree->topLevelItem(k)->text(c);
            lines << cells.join(QStringLiteral(" | "));
        }
        return lines.join(QLatin1Char('\n'));
    }

    static QString bannerText(QWidget* root)
    {
        QStringList texts;
        for (auto* banner : root->findChildren<ui::Banner*>())
            if (!banner->isHidden())
                for (const QLabel* l : banner->findChildren<QLabel*>())
                    texts << l->text();
        return texts.join(QLatin1Char('\n'));
    }

    long long count(const std::string& sql) { return test::superuserCount(m_db, sql); }
    std::string id() const { return std::to_string(m_id); }

    void selectIncident(IncidentsView* view, qint64 id)
    {
        auto* table = find<QTableWidget>(view, "incidentsTable");
        [&] {
            QTRY_VERIFY(table->rowCount() >= 1);
        }();
        for (int row = 0; row < table->rowCount(); ++row)
            if (table->item(row, 0)->data(Qt::UserRole).toLongLong() == id)
                table->selectRow(row);
        [&] {
            QTRY_COMPARE(view->currentId(), id);
        }();
    }

    static void save(IncidentsView* view)
    {
        bool saved = false;
        auto c = connect(view, &IncidentsView::saved, view, [&] { saved = true; });
        find<QPushButton>(view, "saveIncidentButton")->click();
        [&] {
            QTRY_VERIFY(saved);
        }();
        disconnect(c);
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        QLocale::setDefault(QLocale::c());
        applyLanguage(QStringLiteral("en"));
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_irg"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        m_profiles = std::make_unique<ProfileStore>(m_dir.filePath(QStringLiteral("profiles.ini")));
        for (const auto* a : { &m_cto, &m_sys, &m_aud })
            QVERIFY(m_profiles->save(a->profile));
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

    // The CTO fills and saves the form, records both decisions (a superseded one stays), notes, and a report that
    // stays as it was sent after later edits; both the live incident and the frozen report export.
    void ctoDecidesReportsAndExports()
    {
        Settings settings(m_dir.filePath(QStringLiteral("cto.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        IncidentsView* view = unlockAs(console, m_cto);
        QVERIFY(view);
        find<QLineEdit>(view, "newIncidentTitle")->setText(QStringLiteral("Laptop stolen from a car"));
        find<QPushButton>(view, "openIncidentButton")->click();
        QTRY_VERIFY(find<QLabel>(view, "incidentHeading")->text().contains(QStringLiteral("Laptop stolen")));
        m_id = view->currentId();
        QVERIFY(m_id > 0);

        // Fill: encrypted, key not compromised, so the decisions panel suggests Art. 34(3)(a).
        auto* decisions = find<ui::DecisionsPanel>(view, "decisionsPanel");
        QVERIFY(decisions);
        find<QPlainTextEdit>(view, "q5_description")->setPlainText(QStringLiteral("early account of the theft"));
        find<QLineEdit>(view, "q3_organisation")->setText(QStringLiteral("Voorbeeld BV"));
        auto* protection = find<QComboBox>(view, "q8_protection");
        protection->setCurrentIndex(protection->findData(QStringLiteral("encrypted")));
        auto* compromised = find<QComboBox>(view, "q8_key_compromised");
        QVERIFY(find<QLabel>(decisions, "decisionArt34Hint")->isHidden());
        compromised->setCurrentIndex(compromised->findData(false));
        QVERIFY(!find<QLabel>(decisions, "decisionArt34Hint")->isHidden());
        save(view);

        // The timeline names the saved fields, and the audit chain holds the same change.
        auto* timeline = find<QTreeWidget>(view, "timelineList");
        QTRY_VERIFY2(treeText(timeline).contains(QStringLiteral("Description of the breach")),
                     qPrintable(treeText(timeline)));
        QCOMPARE(count("SELECT count(*) FROM art32.audit_events WHERE action = 'incident.update' AND object = '" + id()
                       + "' AND detail->'fields' ? 'q5_description' AND detail->'fields' ? 'q8_protection'"),
                 1LL);
        QCOMPARE(count("SELECT count(*) FROM art32.audit_events WHERE action = 'row.update' AND tbl LIKE '%incidents' "
                       "AND row_key = '"
                       + id() + "' AND 'q5_description' = ANY (columns)"),
                 1LL);

        // Notify: yes, then no, then yes again; nothing is edited, each supersedes the one before.
        auto* notifyChoice = find<QComboBox>(decisions, "notifyChoice");
        QVERIFY(notifyChoice->isEnabled());
        QVERIFY(find<QLabel>(decisions, "notifyReason")->isHidden());
        auto* history = find<QTreeWidget>(decisions, "decisionHistory");
        const auto notify = [&](bool yes, const QString& why, int expected) {
            notifyChoice->setCurrentIndex(notifyChoice->findData(yes));
            find<QPlainTextEdit>(decisions, "notifyRationale")->setPlainText(why);
            find<QPushButton>(decisions, "recordNotifyButton")->click();
            QTRY_COMPARE(count("SELECT count(*) FROM art32.incident_decisions WHERE kind = 'notify_authority' AND "
                               "incident_id = "
                               + id()),
                         (long long)expected);
            QTRY_VERIFY2(treeText(history).contains(why), qPrintable(treeText(history)));
        };
        notify(true, QStringLiteral("customer data on the disk, risk to them"), 1);
        notify(false, QStringLiteral("disk encrypted after all, no risk"), 2);
        QVERIFY2(treeText(history).contains(QStringLiteral("Notify the authority: no — in force")),
                 qPrintable(treeText(history)));
        QVERIFY(treeText(history).contains(QStringLiteral("Notify the authority: yes — superseded")));
        notify(true, QStringLiteral("the recovery key was in the bag too"), 3);
        QCOMPARE(history->topLevelItem(0)->text(1), m_cto.profile.user);

        // Inform: "Use ground a" chooses no with ground a; ground c without its public text is refused here.
        find<QPushButton>(decisions, "useGroundAButton")->click();
        auto* informChoice = find<QComboBox>(decisions, "informChoice");
        auto* ground = find<QComboBox>(decisions, "art34Ground");
        QCOMPARE(informChoice->currentData(), QVariant(false));
        QCOMPARE(ground->currentData().toString(), QStringLiteral("a"));
        ground->setCurrentIndex(ground->findData(QStringLiteral("c")));
        find<QPlainTextEdit>(decisions, "informRationale")->setPlainText(QStringLiteral("no addresses of the people"));
        QVERIFY(!find<QLabel>(decisions, "informProblem")->text().isEmpty());
        find<QPushButton>(decisions, "recordInformButton")->click();
        QTRY_VERIFY2(bannerText(view).contains(QStringLiteral("public communication")), qPrintable(bannerText(view)));
        QCOMPARE(count("SELECT count(*) FROM art32.incident_decisions WHERE kind = 'inform_subjects'"), 0LL);
        find<QPlainTextEdit>(decisions, "publicCommunication")->setPlainText(QStringLiteral("Notice on our website"));
        find<QPushButton>(decisions, "recordInformButton")->click();
        QTRY_COMPARE(count("SELECT count(*) FROM art32.incident_decisions WHERE kind = 'inform_subjects' AND "
                           "art34_ground = 'c' AND NOT decision AND public_communication = 'Notice on our website'"),
                     1LL);
        QTRY_VERIFY(treeText(history).contains(QStringLiteral("Notice on our website")));

        // A note on the timeline.
        find<QLineEdit>(view, "timelineNote")->setText(QStringLiteral("police report filed"));
        find<QPushButton>(view, "addNoteButton")->click();
        QTRY_VERIFY2(treeText(timeline).contains(QStringLiteral("Note: police report filed")),
                     qPrintable(treeText(timeline)));
        QVERIFY(treeText(timeline).contains(QStringLiteral("Decision: notify the authority")));

        // The initial report, frozen.
        auto* reports = find<ui::ReportsPanel>(view, "reportsPanel");
        QVERIFY(find<QPushButton>(reports, "recordReportButton")->isEnabled());
        reports->recordReport(QStringLiteral("AP-2026-0042"), QDateTime::currentDateTimeUtc().addSecs(-600));
        auto* list = find<QTreeWidget>(reports, "reportList");
        QTRY_COMPARE(list->topLevelItemCount(), 1);
        QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("Initial notification"));
        QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("AP-2026-0042"));
        QTRY_VERIFY(treeText(timeline).contains(QStringLiteral("initial notification under AP-2026-0042")));
        // The form took the report number without losing the record; the clock says notified.
        QTRY_COMPARE(find<QLineEdit>(view, "report_number")->text(), QStringLiteral("AP-2026-0042"));

        // Later edits do not change what the authority was told.
        find<QPlainTextEdit>(view, "q5_description")->setPlainText(QStringLiteral("second account, after forensics"));
        save(view);
        QTRY_VERIFY(treeText(timeline).count(QStringLiteral("Description of the breach")) >= 2);
        const QString frozen = reports->reportHtml(1);
        QVERIFY(frozen.contains(QStringLiteral("early account of the theft")));
        QVERIFY(!frozen.contains(QStringLiteral("second account")));
        QDialog* window = reports->openReport(1);
        QVERIFY(window);
        const QString shown = find<QTextBrowser>(window, "frozenReportText")->toPlainText();
        QVERIFY2(shown.contains(QStringLiteral("early account of the theft")), qPrintable(shown));
        QVERIFY(shown.contains(QStringLiteral("AP-2026-0042")));
        QVERIFY(!shown.contains(QStringLiteral("second account")));
        window->close();

        // The frozen report exports as PDF and JSON; the live incident exports the latest text.
        const QString pdf = m_dir.filePath(QStringLiteral("report-1.pdf"));
        QVERIFY(reports->exportReport(1, true, pdf));
        QCOMPARE(QFile(pdf).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        const auto text = test::runProgram(QStringLiteral("pdftotext"), { pdf, QStringLiteral("-") });
        QVERIFY2(text.out.contains(QStringLiteral("early account of the theft")), qPrintable(text.out));
        QVERIFY(text.out.contains(QStringLiteral("under report number AP-2026-0042")));
        QVERIFY(!text.out.contains(QStringLiteral("second account")));
        const QString json = m_dir.filePath(QStringLiteral("report-1.json"));
        QVERIFY(reports->exportReport(1, false, json));
        QFile jf(json);
        QVERIFY(jf.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(jf.readAll()).object();
        QCOMPARE(o.value(QStringLiteral("as_reported")).toObject().value(QStringLiteral("seq")).toInt(), 1);
        QCOMPARE(o.value(QStringLiteral("report_number")).toString(), QStringLiteral("AP-2026-0042"));
        QString description;
        for (const auto& a : o.value(QStringLiteral("answers")).toArray())
            if (a.toObject().value(QStringLiteral("key")).toString() == QLatin1String("q5_description"))
                description = a.toObject().value(QStringLiteral("value")).toString();
        QCOMPARE(description, QStringLiteral("early account of the theft"));
        QCOMPARE(o.value(QStringLiteral("decisions")).toArray().size(), 4);

        const QString live = m_dir.filePath(QStringLiteral("live.pdf"));
        QVERIFY(view->exportFile(true, live));
        const auto liveText = test::runProgram(QStringLiteral("pdftotext"), { live, QStringLiteral("-") });
        QVERIFY(liveText.out.contains(QStringLiteral("second account, after forensics")));
        QVERIFY2(liveText.out.contains(QStringLiteral(": AP-2026-0042")), qPrintable(liveText.out));

        // A supplement: the second report under the same number.
        reports->recordReport(QStringLiteral("AP-2026-0042"), QDateTime::currentDateTimeUtc().addSecs(-60));
        QTRY_COMPARE(list->topLevelItemCount(), 2);
        QCOMPARE(list->topLevelItem(1)->text(0), QStringLiteral("Supplement 1"));
        QVERIFY(reports->reportHtml(2).contains(QStringLiteral("second account, after forensics")));
        QVERIFY(reports->reportHtml(1).contains(QStringLiteral("early account of the theft")));
        QCOMPARE(count("SELECT count(*) FROM art32.incident_reports WHERE incident_id = " + id()), 2LL);
    }

    // A sysadmin sees the notify decision disabled with the reason; the server refuses it anyway. The auditor reads
    // the records and has no inputs.
    void sysadminCannotDecideNotify()
    {
        QVERIFY(m_id > 0);
        {
            Settings settings(m_dir.filePath(QStringLiteral("sys.ini")));
            Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
            IncidentsView* view = unlockAs(console, m_sys);
            QVERIFY(view);
            selectIncident(view, m_id);
            auto* decisions = find<ui::DecisionsPanel>(view, "decisionsPanel");
            QVERIFY(!find<QComboBox>(decisions, "notifyChoice")->isEnabled());
            QVERIFY(!find<QPushButton>(decisions, "recordNotifyButton")->isEnabled());
            QVERIFY(!find<QLabel>(decisions, "notifyReason")->isHidden());
            QVERIFY(find<QLabel>(decisions, "notifyReason")->text().contains(QStringLiteral("Only a CTO")));
            QVERIFY(find<QComboBox>(decisions, "informChoice")->isEnabled());
            QTRY_VERIFY(treeText(find<QTreeWidget>(decisions, "decisionHistory"))
                            .contains(QStringLiteral("the recovery key was in the bag too")));

            // The server: the same request the button would send, refused.
            const qint64 id = m_id;
            std::optional<Result<qint64>> answer;
            console.session()->request(
                view,
                [id](Services& s) {
                    return s.decideIncident(id, QStringLiteral("notify_authority"), false,
                                            QStringLiteral("a sysadmin tries anyway"), QString(), QString());
                },
                [&](Result<qint64> r) { answer = std::move(r); });
            QTRY_VERIFY(answer.has_value());
            QVERIFY(!answer->ok());
            QCOMPARE(count("SELECT count(*) FROM art32.incident_decisions WHERE rationale LIKE 'a sysadmin%'"), 0LL);

            // What a sysadmin may record: whether the people are informed.
            auto* informChoice = find<QComboBox>(decisions, "informChoice");
            informChoice->setCurrentIndex(informChoice->findData(true));
            find<QPlainTextEdit>(decisions, "informRationale")->setPlainText(QStringLiteral("a letter to each one"));
            find<QPushButton>(decisions, "recordInformButton")->click();
            QTRY_COMPARE(count("SELECT count(*) FROM art32.incident_decisions WHERE kind = 'inform_subjects' AND "
                               "decision AND decided_by = '"
                               + m_sys.profile.user.toStdString() + "'"),
                         1LL);
        }
        Settings settings(m_dir.filePath(QStringLiteral("aud.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        IncidentsView* view = unlockAs(console, m_aud);
        QVERIFY(view);
        selectIncident(view, m_id);
        auto* decisions = find<ui::DecisionsPanel>(view, "decisionsPanel");
        QVERIFY(!find<QComboBox>(decisions, "notifyChoice")->isVisibleTo(view));
        QTRY_VERIFY(treeText(find<QTreeWidget>(decisions, "decisionHistory")).contains(QStringLiteral("a letter")));
        QVERIFY(find<QPushButton>(view, "recordReportButton")->isHidden());
        QVERIFY(find<QPushButton>(view, "addNoteButton")->isHidden());
        QTRY_COMPARE(find<QTreeWidget>(view, "reportList")->topLevelItemCount(), 2);
        QVERIFY(find<ui::ReportsPanel>(view, "reportsPanel")->reportHtml(1).contains(QStringLiteral("early account")));
    }

    // The register filters and sorts by state, severity, time left on the clock and assignee.
    void listFiltersAndSorts()
    {
        // Three more incidents as the database holds them: overdue, due soon, not started.
        const auto add = [&](const std::string& title, const std::string& aware, const std::string& severity,
                             const std::string& assignee) {
            try {
                test::superuserExec(m_db,
                                    "INSERT INTO art32.incidents (title, q4_detected_at, q4_aware_at, q9_severity, "
                                    "assignee, created_at, updated_at) VALUES ('"
                                        + title + "', now() - interval '100 hours', " + aware + ", " + severity + ", "
                                        + assignee + ", now(), now())");
            } catch (const std::exception& e) {
                qWarning("%s", e.what());
                throw;
            }
        };
        add("overdue one", "now() - interval '80 hours'", "'very_large'", "'tst_irg_sys'");
        add("due soon", "now() - interval '70 hours'", "'limited'", "NULL");
        add("no clock", "NULL", "NULL", "'tst_irg_aud'");
        Settings settings(m_dir.filePath(QStringLiteral("cto2.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        IncidentsView* view = unlockAs(console, m_cto);
        QVERIFY(view);
        auto* table = find<QTableWidget>(view, "incidentsTable");
        QTRY_COMPARE(table->rowCount(), 4);
        const auto visibleTitles = [&] {
            QStringList titles;
            for (int row = 0; row < table->rowCount(); ++row)
                if (!table->isRowHidden(row))
                    titles << table->item(row, 1)->text();
            return titles;
        };
        // Time left: the overdue one first (with the word), then the least time left; done clocks last.
        table->sortItems(4, Qt::AscendingOrder);
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("overdue one"));
        QVERIFY(table->item(0, 4)->text().startsWith(QStringLiteral("Overdue by")));
        QVERIFY(!table->item(0, 4)->icon().isNull());
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("due soon"));
        QCOMPARE(table->item(2, 1)->text(), QStringLiteral("no clock"));
        QCOMPARE(table->item(3, 1)->text(), QStringLiteral("Laptop stolen from a car")); // notified
        // Severity in the AP's order, not the alphabet's.
        table->sortItems(3, Qt::DescendingOrder);
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("overdue one"));
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("due soon"));

        auto* clockFilter = find<QComboBox>(view, "clockFilter");
        clockFilter->setCurrentIndex(clockFilter->findText(QStringLiteral("Overdue")));
        QCOMPARE(visibleTitles(), QStringList { QStringLiteral("overdue one") });
        clockFilter->setCurrentIndex(clockFilter->findText(QStringLiteral("Due within 24 hours")));
        QCOMPARE(visibleTitles(), QStringList { QStringLiteral("due soon") });
        clockFilter->setCurrentIndex(0);
        auto* severity = find<QComboBox>(view, "severityFilter");
        severity->setCurrentIndex(severity->findData(QStringLiteral("limited")));
        QCOMPARE(visibleTitles(), QStringList { QStringLiteral("due soon") });
        severity->setCurrentIndex(0);
        auto* assignee = find<QComboBox>(view, "assigneeFilter");
        assignee->setCurrentIndex(assignee->findData(QStringLiteral("tst_irg_aud")));
        QCOMPARE(visibleTitles(), QStringList { QStringLiteral("no clock") });
        assignee->setCurrentIndex(assignee->findData(QStringLiteral("-")));
        QCOMPARE(visibleTitles().size(), 2); // "due soon" and the laptop
        assignee->setCurrentIndex(0);
        QCOMPARE(visibleTitles().size(), 4);
    }
};

QTEST_MAIN(TestIncidentRecordsGui)
#include "tst_incident_records_gui.moc"
