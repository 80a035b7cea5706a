#include "settings/SettingsDialog.h"

#include "core/Settings.h"
#include "core/Translations.h"
#include "ui_SettingsDialog.h"

namespace art32::ui {

SettingsDialog::SettingsDialog(Settings* settings, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_settings(settings)
{
    m_ui->setupUi(this);
    fillLanguages();
    m_ui->idleSpinBox->setValue(m_settings->get(Settings::Key::IdleLockMinutes).toInt());
    m_ui->idleSpinBox->setSuffix(tr(" min"));
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::fillLanguages()
{
    const QString current = m_ui->languageComboBox->count() ? m_ui->languageComboBox->currentData().toString()
                                                            : m_settings->get(Settings::Key::Language).toString();
    m_ui->languageComboBox->clear();
    for (const Language& language : availableLanguages()) {
        // Language names stay in their own language, so a user who cannot read the current one finds theirs.
        const QString label = language.code.isEmpty() ? tr("System default") : language.nativeName;
        m_ui->languageComboBox->addItem(label, language.code);
    }
    m_ui->languageComboBox->setCurrentIndex(qMax(0, m_ui->languageComboBox->findData(current)));
}

void SettingsDialog::accept()
{
    m_settings->set(Settings::Key::Language, m_ui->languageComboBox->currentData().toString());
    m_settings->set(Settings::Key::IdleLockMinutes, m_ui->idleSpinBox->value());
    m_settings->sync();
    QDialog::accept();
}

void SettingsDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        fillLanguages();
        m_ui->idleSpinBox->setSuffix(tr(" min"));
    }
    QDialog::changeEvent(event);
}

} // namespace art32::ui
