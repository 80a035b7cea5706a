#include "core/Translations.h"

#include "core/Logging.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>
#include <memory>
#include <vector>

namespace art32 {
namespace {

std::vector<std::unique_ptr<QTranslator>>& installed()
{
    static std::vector<std::unique_ptr<QTranslator>> translators;
    return translators;
}

} // namespace

QList<Language> availableLanguages()
{
    return { { QString(), QString() },
             { QStringLiteral("en"), QStringLiteral("English") },
             { QStringLiteral("nl"), QStringLiteral("Nederlands") } };
}

QLocale applyLanguage(const QString& code)
{
    auto& translators = installed();
    for (auto& t : translators)
        QCoreApplication::removeTranslator(t.get());
    translators.clear();

    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    QLocale::setDefault(locale);
    if (locale.language() == QLocale::English || locale.language() == QLocale::C) {
        // The sources are English; art32_en holds only their plural forms ("1 account", "2 accounts").
        auto plurals = std::make_unique<QTranslator>();
        if (plurals->load(QStringLiteral("art32_en"), QStringLiteral(":/i18n"))) {
            QCoreApplication::installTranslator(plurals.get());
            translators.push_back(std::move(plurals));
        } else {
            qCInfo(lcUi) << "no English plural forms";
        }
        return locale;
    }

    auto app = std::make_unique<QTranslator>();
    if (app->load(locale, QStringLiteral("art32"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        translators.push_back(std::move(app));
    else
        qCInfo(lcUi) << "no Art32 translation for" << locale.name();

    auto qt = std::make_unique<QTranslator>();
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        translators.push_back(std::move(qt));

    for (auto& t : translators)
        QCoreApplication::installTranslator(t.get());
    return locale;
}

} // namespace art32
