#include "access/KeysPanel.h"

#include "records/Rotation.h"
#include "session/Services.h"
#include "session/Session.h"
#include "widgets/Banner.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace art32::ui {

KeysPanel::KeysPanel(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_banner(new Banner(this))
    , m_intro(new QLabel(this))
    , m_status(new QLabel(this))
    , m_kekButton(new QPushButton(this))
    , m_indexButton(new QPushButton(this))
    , m_cancelButton(new QPushButton(this))
    , m_progress(new QProgressBar(this))
{
    setObjectName(QStringLiteral("keysWidget"));
    m_status->setObjectName(QStringLiteral("keysStatusLabel"));
    m_kekButton->setObjectName(QStringLiteral("rotateKekButton"));
    m_indexButton->setObjectName(QStringLiteral("rotateIndexButton"));
    m_cancelButton->setObjectName(QStringLiteral("cancelRotationButton"));
    m_progress->setObjectName(QStringLiteral("rotationProgressBar"));
    m_intro->setWordWrap(true);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cancelButton->hide();
    m_progress->hide();
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_kekButton);
    buttons->addWidget(m_indexButton);
    buttons->addStretch(1);
    auto* running = new QHBoxLayout;
    running->addWidget(m_progress, 1);
    running->addWidget(m_cancelButton);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_intro);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    layout->addLayout(running);
    layout->addStretch(1);
    connect(m_kekButton, &QPushButton::clicked, this, &KeysPanel::rotateKek);
    connect(m_indexButton, &QPushButton::clicked, this, &KeysPanel::rotateIndexKey);
    connect(m_cancelButton, &QPushButton::clicked, this, &KeysPanel::cancel);
    connect(m_banner, &Banner::actionTriggered, this, &KeysPanel::reload);
    retranslate();
}

void KeysPanel::retranslate()
{
    m_intro->setText(tr("The key-encryption key (KEK) wraps every account's data key; the index key makes exact "
                        "search possible. Rotating one makes a new version, seals it to everyone who held the old "
                        "one and moves every row over in batches. Records stay readable throughout; a cancelled "
                        "rotation resumes where it stopped."));
    m_kekButton->setText(tr("Rotate &KEK…"));
    m_indexButton->setText(tr("Rotate &index key…"));
    m_cancelButton->setText(tr("Cancel"));
}

void KeysPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        if (!isRotating())
            m_banner->hide(); // its message is in the old language
        retranslate();
        if (!isRotating())
            reload();
    }
    QWidget::changeEvent(event);
}

void KeysPanel::reload()
{
    m_session->request(
        this, [](Services& s) { return s.keyStatus(); },
        [this](Result<rotation::KeyStatus> status) {
            if (!status) {
                m_banner->showMessage(Level::Error, status.error().message, tr("Retry"));
                return;
            }
            QStringList lines;
            lines << (status->kekVersion ? tr("You hold KEK version %1.").arg(status->kekVersion)
                                         : tr("You hold no KEK."))
                  << (status->indexVersion ? tr("You hold index key version %1.").arg(status->indexVersion)
                                           : tr("You hold no index key."));
            bool kekOpen = false;
            bool indexOpen = false;
            for (const auto& o : status->open) {
                const bool kek = o.kind == KeyKind::Kek;
                (kek ? kekOpen : indexOpen) = true;
                lines << (kek ? tr("A KEK rotation from version %1 to %2, started by %3, is not finished: rotate "
                                   "the KEK to resume it.")
                              : tr("An index-key rotation from version %1 to %2, started by %3, is not finished: "
                                   "rotate the index key to resume it."))
                             .arg(o.fromVersion)
                             .arg(o.toVersion)
                             .arg(o.startedBy);
            }
            m_status->setText(lines.join(QLatin1Char('\n')));
            m_kekButton->setText(kekOpen ? tr("Resume &KEK rotation") : tr("Rotate &KEK…"));
            m_indexButton->setText(indexOpen ? tr("Resume &index-key rotation") : tr("Rotate &index key…"));
            m_kekButton->setEnabled(!isRotating() && status->kekVersion > 0);
            m_indexButton->setEnabled(!isRotating() && status->indexVersion > 0);
        });
}

void KeysPanel::rotate(KeyKind kind)
{
    if (isRotating())
        return;
    const bool kek = kind == KeyKind::Kek;
    QMessageBox box(
        QMessageBox::Question, kek ? tr("Rotate the KEK") : tr("Rotate the index key"),
        kek ? tr("Make a new KEK, seal it to everyone who holds the current one, and re-wrap every account's data "
                 "key with it? This takes a while on large databases; you can cancel and resume later.")
            : tr("Make a new index key, seal it to everyone who holds the current one, and recompute every "
                 "e-mail and phone search index? You can cancel and resume later."),
        QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("rotateBox"));
    // The button says what happens (UI.md), and Return does not start a rotation.
    QPushButton* go
        = box.addButton(kek ? tr("Rotate key-encryption key") : tr("Rotate index key"), QMessageBox::AcceptRole);
    go->setObjectName(QStringLiteral("rotateConfirmButton"));
    go->setAutoDefault(false);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != go)
        return;
    m_cancel = m_session->cancelToken();
    auto cancel = m_cancel;
    QPointer<KeysPanel> self(this);
    m_kekButton->setEnabled(false);
    m_indexButton->setEnabled(false);
    m_cancelButton->show();
    m_cancelButton->setEnabled(true);
    m_progress->show();
    m_progress->setRange(0, 0);
    m_banner->hide();
    m_session->request(
        this,
        [kind, cancel, self](Services& s) {
            auto progress = [self](qint64 done, qint64 total) {
                QMetaObject::invokeMethod(qApp, [self, done, total] {
                    if (!self)
                        return;
                    // The bar counts in thousandths: a million rows do not fit an int everywhere.
                    self->m_progress->setRange(0, 1000);
                    self->m_progress->setValue(total > 0 ? static_cast<int>(done * 1000 / total) : 0);
                    self->m_progress->setFormat(
                        tr("%1 of %2 rows").arg(QLocale().toString(done), QLocale().toString(total)));
                });
            };
            return s.rotate(kind, progress, cancel.get());
        },
        [this, kind, cancel](Result<rotation::Outcome> outcome) {
            m_cancel.reset();
            m_cancelButton->hide();
            m_progress->hide();
            if (!outcome) {
                m_banner->showMessage(Level::Error, outcome.error().message);
                reload();
                return;
            }
            finished(kind, outcome->finished, outcome->rowsMoved, outcome->toVersion, cancel->load());
            reload();
            if (outcome->finished)
                m_session->refresh(); // the overview names the KEK version in use
        });
}

void KeysPanel::finished(KeyKind kind, bool done, qint64 moved, int toVersion, bool cancelled)
{
    const bool kek = kind == KeyKind::Kek;
    if (done) {
        m_banner->showMessage(Level::Ok,
                              kek ? tr("The KEK is now version %1: %2 account keys re-wrapped in this run. Everyone "
                                       "who held the old KEK holds the new one; the old one is retired.")
                                        .arg(toVersion)
                                        .arg(QLocale().toString(moved))
                                  : tr("The index key is now version %1: %2 search indexes recomputed in this run.")
                                        .arg(toVersion)
                                        .arg(QLocale().toString(moved)));
    } else if (cancelled) {
        m_banner->showMessage(Level::Warning,
                              tr("Rotation paused after %1 rows in this run. Every record stays readable; rotate "
                                 "again to resume.")
                                  .arg(QLocale().toString(moved)));
    }
}

void KeysPanel::cancel()
{
    if (m_cancel) {
        m_cancel->store(true);
        m_cancelButton->setEnabled(false);
    }
}

} // namespace art32::ui
