#include "TestSupport.h"
#include "core/Clock.h"
#include "core/Settings.h"
#include "core/Translations.h"
#include "incidents/IncidentsView.h"
#include "keychain/Keychain.h"
#include "main/Console.h"
#include "main/MainWindow.h"
#include "session/Session.h"
#include "unlock/UnlockDialog.h"
#include "widgets/Banner.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace art32;
using art32::ui::Console;
using art32::ui::IncidentsView;

/**
 * The Incidents view offscreen with real widgets against the harness's PostgreSQL: open an incident, fill the
 * form with inline validation and the Art. 34(3)(a) hint, save, reopen it as another admin, export the PDF, and
 * a conflicting save that keeps the input.
 */
class TestIncidentsGui : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_incidents_gui");
    QTemporaryDir m_dir;
    Keychain m_keychain { QStringLiteral("Art32 Console incidents GUI test %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    std::unique_ptr<ProfileStore> m_profiles;

    template<typename T> static T* find(QObject* parent, const char* name)
    {
        return parent->findChild<T*>(QLatin1String(name));
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

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        QLocale::setDefault(QLocale::c());
        applyLanguage(QStringLiteral("en"));
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_ig"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        m_profiles = std::make_unique<ProfileStore>(m_dir.filePath(QStringLiteral("profiles.ini")));
        for (const auto* a : { &m_cto, &m_sys, &m_aud })
            QVERIFY(m_profiles->save(a->profile));
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

    void fillSaveReopenExport()
    {
        qint64 id = 0;
        {
            Settings settings(m_dir.filePath(QStringLiteral("sys.ini")));
            Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
            IncidentsView* view = unlockAs(console, m_sys);
            QVERIFY(view);
            find<QLineEdit>(view, "newIncidentTitle")->setText(QStringLiteral("Backup bucket public"));
            find<QPushButton>(view, "openIncidentButton")->click();
            auto* heading = find<QLabel>(view, "incidentHeading");
            QTRY_VERIFY(heading->text().contains(QStringLiteral("Backup bucket public")));
            id = view->currentId();
            QVERIFY(id > 0);
            // The clock runs from now: 72 hours left, in local time with the zone.
            QVERIFY2(find<QLabel>(view, "incidentCountdown")->text().contains(QStringLiteral("Due in 71 h")),
                     qPrintable(find<QLabel>(view, "incidentCountdown")->text()));
            auto* table = find<QTableWidget>(view, "incidentsTable");
            QTRY_VERIFY(table->rowCount() >= 1);

            find<QPlainTextEdit>(view, "q5_description")->setPlainText(QStringLiteral("listing allowed for anyone"));
            find<QLineEdit>(view, "q6_records_min")->setText(QStringLiteral("10"));
            find<QLineEdit>(view, "q6_records_max")->setText(QStringLiteral("5"));
            QVERIFY(!find<QLabel>(view, "q6_records_max_error")->isHidden()); // at most < at least
            find<QLineEdit>(view, "q6_records_max")->setText(QStringLiteral("12"));
            QVERIFY(find<QLabel>(view, "q6_records_max_error")->isHidden());
            find<QLineEdit>(view, "q4_started_at")->setText(QStringLiteral("yesterday"));
            QVERIFY(!find<QLabel>(view, "q4_started_at_error")->isHidden());
            find<QLineEdit>(view, "q4_started_at")->clear();
            auto* nature = find<QListWidget>(view, "q5_nature");
            nature->item(0)->setCheckState(Qt::Checked);
            auto* protection = find<QComboBox>(view, "q8_protection");
            protection->setCurrentIndex(protection->findData(QStringLiteral("encrypted")));
            auto* compromised = find<QComboBox>(view, "q8_key_compromised");
            compromised->setCurrentIndex(compromised->findData(false));
            QVERIFY(!find<QLabel>(view, "art34Hint")->isHidden());
            find<QLineEdit>(view, "enisa_dpc_base")->setText(QStringLiteral("2"));
            find<QLineEdit>(view, "enisa_ei")->setText(QStringLiteral("0.75"));
            QVERIFY2(find<QLabel>(view, "enisaAdvice")->text().contains(QStringLiteral("= 1.5")),
                     qPrintable(find<QLabel>(view, "enisaAdvice")->text()));
            QVERIFY(find<QLabel>(view, "missingForClose")->text().contains(QStringLiteral("Measures taken")));

            bool saved = false;
            connect(view, &IncidentsView::saved, this, [&] { saved = true; });
            find<QPushButton>(view, "saveIncidentButton")->click();
            QTRY_VERIFY(saved);
            QCOMPARE(test::superuserCount(
                         m_db, "SELECT q6_records_max FROM art32.incidents WHERE id = " + std::to_string(id)),
                     12LL);
        }
        // Reopened by the auditor: the answers are there, read-only, and export as PDF.
        Settings settings(m_dir.filePath(QStringLiteral("aud.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        IncidentsView* view = unlockAs(console, m_aud);
        QVERIFY(view);
        auto* table = find<QTableWidget>(view, "incidentsTable");
        QTRY_VERIFY(table->rowCount() >= 1);
        QVERIFY(find<QPushButton>(view, "saveIncidentButton")->isHidden());
        table->selectRow(0);
        QTRY_COMPARE(view->currentId(), id);
        QTRY_COMPARE(find<QPlainTextEdit>(view, "q5_description")->toPlainText(),
                     QStringLiteral("listing allowed for anyone"));
        QVERIFY(!find<QPlainTextEdit>(view, "q5_description")->isEnabled());
        const QString pdf = m_dir.filePath(QStringLiteral("gui.pdf"));
        QVERIFY(view->exportFile(true, pdf));
        const auto text = test::runProgram(QStringLiteral("pdftotext"), { pdf, QStringLiteral("-") });
        QVERIFY2(text.out.contains(QStringLiteral("listing allowed for anyone")), qPrintable(text.out));
        QVERIFY(text.out.contains(QStringLiteral("5. The breach")));
    }

    // Someone else saves first: the save is refused, the input stays, a reload is offered.
    void conflictingSaveKeepsTheInput()
    {
        Settings settings(m_dir.filePath(QStringLiteral("cto.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        IncidentsView* view = unlockAs(console, m_cto);
        QVERIFY(view);
        auto* table = find<QTableWidget>(view, "incidentsTable");
        QTRY_VERIFY(table->rowCount() >= 1);
        table->selectRow(0);
        QTRY_VERIFY(view->currentId() > 0);
        const std::string id = std::to_string(view->currentId());
        test::superuserExec(m_db, "UPDATE art32.incidents SET version = version + 1 WHERE id = " + id);
        auto* measures = find<QPlainTextEdit>(view, "q10_measures_taken");
        measures->setPlainText(QStringLiteral("bucket made private"));
        find<QPushButton>(view, "saveIncidentButton")->click();
        auto* banner = view->findChild<ui::Banner*>();
        QTRY_VERIFY(!banner->isHidden());
        bool named = false;
        for (const QLabel* l : banner->findChildren<QLabel*>())
            named = named || l->text().contains(QStringLiteral("Someone else"));
        QVERIFY(named);
        QCOMPARE(measures->toPlainText(), QStringLiteral("bucket made private"));
        QCOMPARE(
            test::superuserCount(m_db, "SELECT count(*) FROM art32.incidents WHERE q10_measures_taken IS NOT NULL"),
            0LL);
    }
};

QTEST_MAIN(TestIncidentsGui)
#include "tst_incidents_gui.moc"
