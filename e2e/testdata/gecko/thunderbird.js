// Added to user.js for Thunderbird: one local identity on a mail server
// that is never contacted (a closed local port), so that -compose opens a
// compose window straight away, with no account wizard.
user_pref("mail.accountmanager.accounts", "account1,account2");
user_pref("mail.accountmanager.defaultaccount", "account2");
user_pref("mail.accountmanager.localfoldersserver", "server1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.server.server1.type", "none");
user_pref("mail.server.server1.hostname", "Local Folders");
user_pref("mail.server.server1.userName", "nobody");
user_pref("mail.server.server1.name", "Local Folders");
user_pref("mail.account.account2.server", "server2");
user_pref("mail.account.account2.identities", "id1");
user_pref("mail.server.server2.type", "pop3");
user_pref("mail.server.server2.hostname", "127.0.0.1");
user_pref("mail.server.server2.port", 9);
user_pref("mail.server.server2.userName", "agent");
user_pref("mail.server.server2.name", "agent@example.com");
user_pref("mail.server.server2.login_at_startup", false);
user_pref("mail.server.server2.check_new_mail", false);
user_pref("mail.server.server2.download_on_biff", false);
user_pref("mail.identity.id1.useremail", "agent@example.com");
user_pref("mail.identity.id1.fullName", "Agent");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.identity.id1.compose_html", true);
user_pref("mail.smtpservers", "smtp1");
user_pref("mail.smtpserver.smtp1.hostname", "127.0.0.1");
user_pref("mail.smtpserver.smtp1.port", 9);
user_pref("mail.startup.enabledMailCheckOnce", true);
user_pref("mail.biff.show_alert", false);
user_pref("mailnews.auto_config_url", "");
user_pref("mail.cloud_files.enabled", false);
user_pref("mail.compose.attachment_reminder", false);
user_pref("mail.spellcheck.inline", false);
user_pref("layout.spellcheckDefault", 0);
