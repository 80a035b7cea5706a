#pragma once

#include "records/Grants.h"
#include "records/RecordStore.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace art32 {
class Session;
}

namespace art32::ui {

class Banner;

/**
 * One account: metadata always; its personal data only after "Reveal" (which the server audits and refuses
 * without the right role or grant), marked as revealed and hidden again after a minute, on lock or when the
 * view changes. Edit with validation and conflict detection, delete, copy (cleared from the clipboard after
 * 15 s with a countdown, on lock and on quit), and for a CTO crypto-shredding erasure.
 */
class AccountPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kRevealSeconds = 60;
    static constexpr int kClipboardSeconds = 15;

    explicit AccountPanel(Session* session, QWidget* parent = nullptr);
    ~AccountPanel() override;

    void setAccount(const std::optional<AccountRow>& account);
    const std::optional<AccountRow>& account() const { return m_account; }
    bool isRevealed() const { return m_revealed; }
    const QList<PlainRecord>& records() const { return m_records; }
    /** A sysadmin's access to this account as the server last said (empty while asking, and for other roles). */
    const std::optional<AccessStatus>& access() const { return m_access; }
    /** "may read for 3 h 12 min", "request pending", "may ask" (sysadmin). */
    QString accessText() const;

public slots:
    void reveal();
    /** Hides plaintext now and forgets it. */
    void conceal();
    /** Clears the clipboard if it still holds the value copied here (timer, lock, quit). */
    void clearClipboard();

signals:
    void accountChanged(); ///< erased: the list should reload
    /** "Who saw this customer's data?": the Audit view should show every read and change of this account. */
    void auditRequested(qint64 accountId);

protected:
    void hideEvent(QHideEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void updateTitle();
    void updateRevealButton(); ///< Reveal while hidden, Hide while revealed
    void showRevealedMarker();
    void showRecords();
    void selectionChanged();
    void startEdit();
    void saveEdit();
    void cancelEdit(); ///< Escape or Cancel: the stored value stays
    /** Forgets the plaintext shown, except an open edit (the record it edits and the text typed). */
    void concealKeepingEdit();
    void deleteRecord();
    void copyValue();
    void showClipboardCountdown();
    void eraseAccount();
    void grantAccess();
    /** Sysadmin: asks the server what this account's access is now, and shows it. */
    void refreshAccess();
    void showAccess();
    void requestAccess();
    void withdrawRequest();
    int selectedRecord() const;

    Session* m_session;
    std::optional<AccountRow> m_account;
    QList<PlainRecord> m_records;
    bool m_revealed = false;
    int m_editing = -1; ///< index into m_records while editing
    QTimer m_concealTimer;
    QTimer m_countdown;
    int m_secondsLeft = 0;
    QTimer m_clipTimer; ///< counts the clipboard's seconds down
    int m_clipSecondsLeft = 0;
    QString m_clipText; ///< what we put on the clipboard, to clear only that

    QLabel* m_title;
    QLabel* m_meta;
    Banner* m_banner;
    QLabel* m_revealedLabel;
    QTableWidget* m_table;
    QPushButton* m_revealButton;
    QPushButton* m_editButton;
    QPushButton* m_deleteButton;
    QPushButton* m_copyButton;
    QPushButton* m_eraseButton;
    QPushButton* m_grantButton;
    QLabel* m_accessLabel; ///< sysadmin: may read (time left), request pending, or may ask
    QPushButton* m_requestButton;
    QPushButton* m_withdrawButton;
    std::optional<AccessStatus> m_access;
    QElapsedTimer m_accessAge; ///< since m_access came, for the time left
    QTimer m_accessTimer; ///< refreshes the time left
    QWidget* m_editor;
    QLineEdit* m_valueEdit;
    QLabel* m_editMessage;
    QPushButton* m_saveButton;
    QPushButton* m_reloadButton;
    QPushButton* m_cancelEditButton;
    QPushButton* m_whoSawButton = nullptr; ///< Audit view (i12-view)
};

} // namespace art32::ui
