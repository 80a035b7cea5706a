#pragma once

#include <QList>
#include <QLocale>
#include <QString>

class QCoreApplication;
class QTranslator;

namespace art32 {

struct Language
{
    QString code; ///< "" = follow the system
    QString nativeName;
};

/** The UI languages this build ships: English (source) and Dutch. */
QList<Language> availableLanguages();

/**
 * Installs the translators for a language ("" = system locale) on the application, replacing any
 * installed earlier by this function, and returns the locale chosen. Loads Qt's own catalogue
 * (qtbase) too, so standard dialogs and buttons speak the same language. English (and the C locale) gets
 * art32_en, the plural forms of the English sources.
 */
QLocale applyLanguage(const QString& code);

} // namespace art32
