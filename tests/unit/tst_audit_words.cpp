// Every action name the SQL writes into the audit log has words in the Audit view (i12-perf, issue 12): collects
// them from the migrations themselves (art32.audit('...') calls, the CASE choices handed to it, literal inserts into
// art32.audit_events, the change triggers' 'row.' || lower(TG_OP), and unlock's 'unlock.' || status), so a new
// art32.audit('x.y', ...) without a word in audit::actionText fails here instead of showing a raw name to an auditor.
#include "audit/AuditLog.h"
#include "store/Migrator.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

class TestAuditWords : public QObject
{
    Q_OBJECT

    static QSet<QString> emittedActions()
    {
        QSet<QString> out;
        const auto list = art32::Migrator(QStringLiteral(ART32_SOURCE_DIR "/resources/sql/migrations")).available();
        if (!list)
            return out;
        const QRegularExpression call(QStringLiteral(R"(art32\.audit\(\s*'([a-z_]+(?:\.[a-z_]+)?)'\s*[,)])"));
        const QRegularExpression choice(QStringLiteral(
            R"(art32\.audit\(\s*CASE\s+WHEN\s+[^']*(?:'[^']*'[^']*)?THEN\s+'([a-z_.]+)'\s+ELSE\s+'([a-z_.]+)'\s+END)"));
        const QRegularExpression insert(QStringLiteral(
            R"(INSERT\s+INTO\s+art32\.audit_events\s*\(\s*action\b[^)]*\)\s*VALUES\s*\(\s*'([a-z_]+\.[a-z_]+)')"));
        for (const auto& m : list.value()) {
            const QString sql = QString::fromUtf8(m.sql);
            for (const auto* re : { &call, &insert }) {
                for (auto it = re->globalMatch(sql); it.hasNext();)
                    out.insert(it.next().captured(1));
            }
            for (auto it = choice.globalMatch(sql); it.hasNext();) {
                const auto c = it.next();
                out.insert(c.captured(1));
                out.insert(c.captured(2));
            }
            if (sql.contains(QLatin1String("'row.' || lower(TG_OP)")))
                out += { QStringLiteral("row.insert"), QStringLiteral("row.update"), QStringLiteral("row.delete") };
            // art32.check_unlock_code's outcomes (0002, 0009): the statuses its callers audit as 'unlock.' || status.
            if (sql.contains(QLatin1String("art32.audit('unlock.' || status")))
                for (const char* s : { "ok", "wrong", "replayed", "locked", "disabled", "not_enrolled" })
                    out.insert(QStringLiteral("unlock.") + QLatin1String(s));
        }
        return out;
    }

private slots:
    void collectsTheActionsTheMigrationsWrite()
    {
        const QSet<QString> actions = emittedActions();
        // A sample of each way the SQL names an action: a plain call, a CASE, a trigger, an insert, the unlock status.
        for (const char* a : { "records.update", "records.read", "records.reveal", "row.update", "row.truncate",
                               "audit.holder_ended", "unlock.wrong", "audit.exported", "records.seeded" })
            QVERIFY2(actions.contains(QLatin1String(a)), a);
        QVERIFY(actions.size() > 60);
    }

    void everyActionHasWords()
    {
        QStringList missing;
        for (const QString& a : emittedActions())
            if (art32::audit::actionText(a) == a)
                missing << a;
        missing.sort();
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("no words for: ") + missing.join(QStringLiteral(", "))));
    }
};

QTEST_GUILESS_MAIN(TestAuditWords)
#include "tst_audit_words.moc"
