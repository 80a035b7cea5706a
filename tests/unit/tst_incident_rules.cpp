#include "incidents/Rules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace art32;
using namespace art32::incidents;

/** The incident rules the GUI runs as well as the database: the 72-hour clock, closing, states, ENISA. */
class TestIncidentRules : public QObject
{
    Q_OBJECT

    static QDateTime amsterdam(int y, int mo, int d, int h, int mi = 0)
    {
        return QDateTime(QDate(y, mo, d), QTime(h, mi), QTimeZone("Europe/Amsterdam"));
    }

    /** Everything closing needs, for an incident that was not notified (decided) and informed nobody. */
    static Incident complete()
    {
        Incident i;
        i.id = 1;
        i.version = 3;
        i.state = State::Contained;
        i.fields = QJsonDocument::fromJson(R"({
            "q3_organisation": "Voorbeeld BV", "q3_contact": "privacy@example.nl",
            "q4_detected_at": "2026-12-01T08:00:00Z", "q4_aware_at": "2026-12-01T09:00:00Z",
            "q4_how_discovered": "monitoring alert", "q5_nature": ["read"], "q5_incident_type": "hacking",
            "q5_description": "an export was reachable", "q6_categories": ["name_address", "email"],
            "q6_records_min": 10, "q6_records_max": 10, "q7_groups": ["customers"], "q7_people_min": 5,
            "q7_people_max": 8, "q8_protection": "none", "q9_consequences_subjects": "spam",
            "q9_severity": "limited", "q10_measures_taken": "link removed"
        })")
                       .object();
        Decision notify;
        notify.kind = QStringLiteral("notify_authority");
        notify.decision = false;
        Decision inform;
        inform.kind = QStringLiteral("inform_subjects");
        inform.decision = false;
        i.decisions << notify << inform;
        return i;
    }

private slots:
    // 72 calendar hours are elapsed time: across the spring change the local clock reads 11:00, not 10:00.
    void deadlineAcrossSpringForward()
    {
        const QDateTime aware = amsterdam(2027, 3, 27, 10); // CET, the clocks go forward on 28 March
        const QDateTime deadline = deadlineOf(aware);
        QCOMPARE(aware.secsTo(deadline), qint64(72 * 3600));
        QCOMPARE(deadline, QDateTime(QDate(2027, 3, 30), QTime(9, 0), Qt::UTC));
        QCOMPARE(deadline.toTimeZone(QTimeZone("Europe/Amsterdam")).time(), QTime(11, 0));
        QVERIFY(deadline != aware.addDays(3)); // the wall-clock three days would be an hour short
    }

    void deadlineAcrossFallBack()
    {
        const QDateTime aware = amsterdam(2026, 10, 24, 10); // CEST, the clocks go back on 25 October
        const QDateTime deadline = deadlineOf(aware);
        QCOMPARE(deadline, QDateTime(QDate(2026, 10, 27), QTime(8, 0), Qt::UTC));
        QCOMPARE(deadline.toTimeZone(QTimeZone("Europe/Amsterdam")).time(), QTime(9, 0));
    }

    void clockRunsWithTheInjectedClock()
    {
        Incident i;
        i.fields.insert(QStringLiteral("q4_aware_at"), QStringLiteral("2027-03-27T09:00:00Z"));
        ManualClock clock(QDateTime(QDate(2027, 3, 29), QTime(15, 40), Qt::UTC));
        DeadlineState s = deadlineState(i, clock);
        QCOMPARE(s.kind, DeadlineState::Running);
        QCOMPARE(s.seconds, qint64(17 * 3600 + 20 * 60));
        QCOMPARE(describeDeadline(s), QStringLiteral("due in 17 h 20 min"));
        clock.set(QDateTime(QDate(2027, 3, 30), QTime(12, 0), Qt::UTC));
        s = deadlineState(i, clock);
        QCOMPARE(s.kind, DeadlineState::Overdue);
        QCOMPARE(describeDeadline(s), QStringLiteral("overdue by 3 h"));
        QVERIFY(isLate(i, clock));

        // Notified in time: the clock stops, whatever time it is now.
        Report r;
        r.seq = 1;
        r.sentAt = QDateTime(QDate(2027, 3, 30), QTime(8, 59), Qt::UTC);
        i.reports << r;
        s = deadlineState(i, clock);
        QCOMPARE(s.kind, DeadlineState::Met);
        QVERIFY(!isLate(i, clock));
        i.reports[0].sentAt = QDateTime(QDate(2027, 3, 30), QTime(9, 1), Qt::UTC);
        QCOMPARE(deadlineState(i, clock).kind, DeadlineState::MetLate);

        // No awareness: no clock.
        Incident none;
        QCOMPARE(deadlineState(none, clock).kind, DeadlineState::NotStarted);
    }

    void decidedNotToNotifyStopsTheClock()
    {
        Incident i = complete();
        ManualClock clock(QDateTime(QDate(2026, 12, 9), QTime(0, 0), Qt::UTC)); // a week later
        QCOMPARE(deadlineState(i, clock).kind, DeadlineState::NotRequired);
        QVERIFY(missingForClose(i, clock).isEmpty());
    }

    void closingListsWhatIsMissing()
    {
        ManualClock clock(QDateTime(QDate(2026, 12, 1), QTime(12, 0), Qt::UTC));
        Incident bare;
        bare.fields.insert(QStringLiteral("q4_detected_at"), QStringLiteral("2026-12-01T08:00:00Z"));
        const QStringList all = missingForClose(bare, clock);
        QVERIFY(all.contains(QStringLiteral("q4_aware_at")));
        QVERIFY(all.contains(QStringLiteral("decision_notify")));
        QVERIFY(all.contains(QStringLiteral("q6_records")));
        QVERIFY(!all.contains(QStringLiteral("q4_delay_reason"))); // no awareness, no delay

        Incident i = complete();
        QCOMPARE(missingForClose(i, clock), QStringList());
        // Encrypted asks whether the key was compromised; not compromised hints at Art. 34(3)(a).
        i.fields.insert(QStringLiteral("q8_protection"), QStringLiteral("encrypted"));
        QCOMPARE(missingForClose(i, clock), QStringList { QStringLiteral("q8_key_compromised") });
        QVERIFY(!art34aMayApply(i));
        i.fields.insert(QStringLiteral("q8_key_compromised"), false);
        QVERIFY(art34aMayApply(i));
        i.fields.insert(QStringLiteral("q8_key_compromised"), true);
        QVERIFY(!art34aMayApply(i));

        // Deciding to notify asks for the report number and a report; past 72 h without one, the delay reason.
        i.decisions[0].decision = true;
        QCOMPARE(missingForClose(i, clock),
                 (QStringList { QStringLiteral("report_number"), QStringLiteral("report") }));
        clock.set(QDateTime(QDate(2026, 12, 4), QTime(9, 1), Qt::UTC));
        QCOMPARE(missingForClose(i, clock).first(), QStringLiteral("q4_delay_reason"));
        i.fields.insert(QStringLiteral("q4_delay_reason"), QStringLiteral("the processor told us late"));
        QVERIFY(!missingForClose(i, clock).contains(QStringLiteral("q4_delay_reason")));

        // Deciding to inform the people asks when, how and how many.
        Incident j = complete();
        j.decisions[1].decision = true;
        QCOMPARE(missingForClose(j, clock),
                 (QStringList { QStringLiteral("q10_subjects_informed_at"), QStringLiteral("q10_subjects_informed_how"),
                                QStringLiteral("q10_subjects_informed_count") }));
        // The latest decision of a kind counts.
        Decision again;
        again.kind = QStringLiteral("inform_subjects");
        again.decision = false;
        j.decisions << again;
        QCOMPARE(missingForClose(j, clock), QStringList());
    }

    void statesMoveForwardOnly()
    {
        QVERIFY(canMove(State::Detected, State::Investigating));
        QVERIFY(canMove(State::Detected, State::Closed));
        QVERIFY(canMove(State::Contained, State::Closed));
        QVERIFY(!canMove(State::Closed, State::Investigating));
        QVERIFY(!canMove(State::Contained, State::Contained));
        QVERIFY(!canMove(State::Investigating, State::Detected));
        for (int s = 0; s < 4; ++s)
            QCOMPARE(stateFromKey(stateKey(static_cast<State>(s))), std::optional<State>(static_cast<State>(s)));
    }

    // ENISA, "Recommendations for a methodology of the assessment of severity of personal data breaches", Working
    // Document v1.0, December 2013. Its worked examples are for the data processing context: "Assessment Table 1"
    // (section "Scoring of the criteria", DPC step 2, with the contextual factors of Annex A2) scores example cases
    // of each data category from 1 to 4. Each row is such a case: the category's basic score, the adjustment its
    // context brings, and the final DPC the paper gives. (The paper's text was read through its published summaries;
    // it gives no fully worked SE for a whole case, so SE is tested on the scales and bands below.)
    void enisaDpcExamples_data()
    {
        QTest::addColumn<int>("base");
        QTest::addColumn<int>("adjust");
        QTest::addColumn<int>("dpc");
        // Simple data (basic score 1).
        QTest::newRow("supermarket customer list") << 1 << 0 << 1;
        QTest::newRow("luxury goods seller's customers (financial standing)") << 1 << 1 << 2;
        QTest::newRow("adult book store's delivery addresses (sexual life)") << 1 << 2 << 3;
        QTest::newRow("list of undercover officers (their safety)") << 1 << 3 << 4;
        // Behavioural data (basic score 2).
        QTest::newRow("ISP helpdesk's incoming calls") << 2 << -1 << 1;
        QTest::newRow("one week's call history") << 2 << 0 << 2;
        QTest::newRow("one year's call history (a profile)") << 2 << 1 << 3;
        QTest::newRow("calls to a psychological support line (health)") << 2 << 2 << 4;
        // Financial data (basic score 3).
        QTest::newRow("a bank's letter to a customer") << 3 << -2 << 1;
        QTest::newRow("one day's transactions without details") << 3 << -1 << 2;
        QTest::newRow("one month's balances") << 3 << 0 << 3;
        QTest::newRow("one year's detailed statements") << 3 << 1 << 4;
        // Sensitive data (basic score 4).
        QTest::newRow("had general blood tests") << 4 << -3 << 1;
        QTest::newRow("had a blood test at the emergency room") << 4 << -2 << 2;
        QTest::newRow("tested for a specific disease") << 4 << -1 << 3;
        QTest::newRow("the test results") << 4 << 0 << 4;
    }

    void enisaDpcExamples()
    {
        QFETCH(int, base);
        QFETCH(int, adjust);
        QFETCH(int, dpc);
        const EnisaFactors f { base, adjust, 1.0, 0, 0, 0, 0 };
        QVERIFY(f.valid());
        QCOMPARE(f.dpc(), dpc);
        // With maximum ease of identification and no circumstances SE is the DPC itself.
        QCOMPARE(f.score(), double(dpc));
    }

    // What the paper's scales fix ("Overview of the methodology" and "Scoring of the criteria"): SE = DPC × EI + CB;
    // EI 0.25 negligible, 0.5 limited, 0.75 significant, 1 maximum; CB adds for loss of confidentiality, integrity
    // and availability (0, 0.25 or 0.5 each) and 0.5 for malicious intent; the levels are SE < 2 low, 2 ≤ SE < 3
    // medium, 3 ≤ SE < 4 high, 4 ≤ SE very high (mapped to the AP's negligible … very large).
    void enisa_data()
    {
        QTest::addColumn<int>("base");
        QTest::addColumn<int>("adjust");
        QTest::addColumn<double>("ei");
        QTest::addColumn<double>("c");
        QTest::addColumn<double>("i");
        QTest::addColumn<double>("a");
        QTest::addColumn<double>("m");
        QTest::addColumn<double>("se");
        QTest::addColumn<int>("level");
        QTest::newRow("lowest possible") << 1 << 0 << 0.25 << 0.0 << 0.0 << 0.0 << 0.0 << 0.25 << 0;
        QTest::newRow("highest possible") << 4 << 0 << 1.0 << 0.5 << 0.5 << 0.5 << 0.5 << 6.0 << 3;
        QTest::newRow("EI scales DPC: 4 × 0.25") << 4 << 0 << 0.25 << 0.0 << 0.0 << 0.0 << 0.0 << 1.0 << 0;
        QTest::newRow("EI scales DPC: 4 × 0.75") << 4 << 0 << 0.75 << 0.0 << 0.0 << 0.0 << 0.0 << 3.0 << 2;
        QTest::newRow("CB adds: 1 + 0.25 + 0.25 + 0.25 + 0.5")
            << 1 << 0 << 1.0 << 0.25 << 0.25 << 0.25 << 0.5 << 2.25 << 1;
        QTest::newRow("just under 2 is low") << 3 << 0 << 0.5 << 0.25 << 0.0 << 0.0 << 0.0 << 1.75 << 0;
        QTest::newRow("2 is medium") << 2 << 0 << 1.0 << 0.0 << 0.0 << 0.0 << 0.0 << 2.0 << 1;
        QTest::newRow("just under 3 is medium") << 2 << 0 << 1.0 << 0.5 << 0.25 << 0.0 << 0.0 << 2.75 << 1;
        QTest::newRow("3 is high") << 3 << 0 << 1.0 << 0.0 << 0.0 << 0.0 << 0.0 << 3.0 << 2;
        QTest::newRow("just under 4 is high") << 3 << 0 << 1.0 << 0.25 << 0.5 << 0.0 << 0.0 << 3.75 << 2;
        QTest::newRow("4 is very high") << 3 << 0 << 1.0 << 0.0 << 0.0 << 0.5 << 0.5 << 4.0 << 3;
        // The context keeps DPC within 1–4 (the paper: "the DPC scoring of any data type can always vary from 1 to 4").
        QTest::newRow("clamped high") << 4 << 3 << 0.75 << 0.0 << 0.25 << 0.0 << 0.0 << 3.25 << 2;
        QTest::newRow("clamped low") << 1 << -3 << 1.0 << 0.0 << 0.0 << 0.0 << 0.0 << 1.0 << 0;
    }

    void enisa()
    {
        QFETCH(int, base);
        QFETCH(int, adjust);
        QFETCH(double, ei);
        QFETCH(double, c);
        QFETCH(double, i);
        QFETCH(double, a);
        QFETCH(double, m);
        QFETCH(double, se);
        QFETCH(int, level);
        EnisaFactors f { base, adjust, ei, c, i, a, m };
        QVERIFY(f.valid());
        QCOMPARE(f.score(), se);
        QCOMPARE(static_cast<int>(f.level()), level);
    }

    void enisaRefusesValuesOffThePapersScale()
    {
        QVERIFY(!(EnisaFactors { 5, 0, 1.0, 0, 0, 0, 0 }.valid()));
        QVERIFY(!(EnisaFactors { 2, 0, 0.6, 0, 0, 0, 0 }.valid()));
        QVERIFY(!(EnisaFactors { 2, 0, 1.0, 0.3, 0, 0, 0 }.valid()));
        QVERIFY(!(EnisaFactors { 2, 0, 1.0, 0, 0, 0, 0.25 }.valid()));
        Incident inc;
        QVERIFY(!enisaOf(inc));
        inc.fields.insert(QStringLiteral("enisa_dpc_base"), 3);
        inc.fields.insert(QStringLiteral("enisa_ei"), 0.75);
        inc.fields.insert(QStringLiteral("enisa_cb_malicious"), 0.5);
        QCOMPARE(enisaOf(inc)->score(), 2.75);
    }

    void fieldsHaveBothLanguages()
    {
        for (const FieldSpec& f : fieldSpecs()) {
            QVERIFY2(QByteArray(f.en) != QByteArray(f.nl) || QByteArray(f.key) == "q5_incident_type", f.key);
            for (const QString& c : f.choices)
                QVERIFY2(choiceLabel(c, Lang::Nl) != choiceLabel(c, Lang::En) || c == QLatin1String("hacking")
                             || c == QLatin1String("phishing"),
                         qPrintable(c));
        }
        QCOMPARE(fieldLabel(QStringLiteral("decision_notify"), Lang::Nl),
                 QStringLiteral("Besluit: melden bij de toezichthouder (CTO)"));
    }
};

QTEST_GUILESS_MAIN(TestIncidentRules)
#include "tst_incident_rules.moc"
