//! Greek (Ελληνικά), translated from the English source (`en.rs`).

use super::Translation;

pub(super) const EL: Translation = Translation {
    lang: "el",
    name: "Ελληνικά",
    title: "Cookies σε αυτόν τον ιστότοπο",
    statement: "Χρησιμοποιούμε απολύτως απαραίτητα cookies για να λειτουργεί αυτός ο ιστότοπος. \
                Θα θέλαμε επίσης να χρησιμοποιούμε προαιρετικά cookies, αλλά μόνο αν \
                συμφωνείτε. Μπορείτε να τα αποδεχτείτε ή να τα απορρίψετε όλα ή να επιλέξετε \
                ανά κατηγορία, και να αλλάξετε γνώμη οποιαδήποτε στιγμή.",
    accept_all: "Αποδοχή όλων",
    reject_all: "Απόρριψη όλων",
    customize: "Προσαρμογή",
    categories_legend: "Επιλέξτε ποια cookies επιτρέπετε",
    save: "Αποθήκευση επιλογών",
    policy_link: "Πολιτική cookies",
    settings_link: "Ρυθμίσεις cookies",
    always_on: "Πάντα ενεργά",
    cookies_in_category: "Cookies",
    policy_changed: "Η πολιτική μας για τα cookies έχει αλλάξει από την τελευταία σας επιλογή, \
                     γι' αυτό σας ρωτάμε ξανά.",
    choice_expired: "Έχει περάσει αρκετός καιρός από την τελευταία σας επιλογή, γι' αυτό σας \
                     ρωτάμε ξανά.",
    shared_with: "Κοινοποιούνται σε",
    gpc_honoured: "Τηρείται το σήμα άρνησης του προγράμματος περιήγησης",
    gpc_accept_all: "Το πρόγραμμα περιήγησής σας στέλνει σήμα άρνησης, γι' αυτό η \
                     «Αποδοχή όλων» αφήνει απενεργοποιημένες αυτές τις κατηγορίες: \
                     {categories}. Για να τις επιτρέψετε, επιλέξτε τις στην «Προσαρμογή».",
    on_unless_objected: "Χρησιμοποιούνται μόνο για στατιστικά ή για την εμφάνιση του ιστότοπου: \
                         ενεργά, εκτός αν αντιταχθείτε.",
    object: "Εναντίωση",
    preferences_title: "Ρυθμίσεις cookies",
    preferences_intro: "Επιλέξτε ποια προαιρετικά cookies μπορεί να χρησιμοποιεί αυτός ο \
                        ιστότοπος. Τα απολύτως απαραίτητα cookies είναι πάντα ενεργά. Η επιλογή \
                        σας ισχύει από την επόμενη σελίδα που θα φορτώσετε.",
    no_choice_yet: "Δεν έχετε κάνει ακόμη επιλογή: χρησιμοποιούνται μόνο τα απολύτως απαραίτητα \
                    cookies.",
    current_choice: "Επιτρέπονται τώρα:",
    table_caption: "Cookies που χρησιμοποιεί αυτός ο ιστότοπος",
    table_headings: ["Cookie", "Κατηγορία", "Σκοπός", "Διάρκεια", "Πάροχος"],
    back: "Επιστροφή στον ιστότοπο",
    saved: "Οι επιλογές σας για τα cookies αποθηκεύτηκαν.",
    not_saved: "Δεν ήταν δυνατό να αποθηκευτεί η επιλογή σας αυτή τη στιγμή, οπότε δεν άλλαξε \
                τίποτα. Δοκιμάστε ξανά σε λίγο.",
    receipt_heading: "Η καταγραφή της συγκατάθεσής σας",
    receipt_id: "Αναγνωριστικό συγκατάθεσης",
    receipt_time: "Καταγράφηκε στις",
    receipt_revision: "Έκδοση πολιτικής cookies",
    receipt_allowed: "Επιτρέπονται",
    receipt_missing: "Δεν βρήκαμε καμία καταγραφή επιλογής από αυτό το πρόγραμμα περιήγησης.",
    consent_cookie_purpose: "Θυμάται τις επιλογές σας για τα cookies, ώστε να μη σας ρωτάμε σε \
                             κάθε σελίδα.",
    consent_cookie_duration: "{days} ημέρες",
    necessary_label: "Απολύτως απαραίτητα",
    necessary_description: "Αυτά τα cookies είναι ουσιώδη για να κινείστε στον ιστότοπο και να \
                            χρησιμοποιείτε τις λειτουργίες του, όπως τη σύνδεση. Χωρίς αυτά, οι \
                            υπηρεσίες που ζητήσατε δεν μπορούν να παρασχεθούν.",
    functionality_label: "Λειτουργικότητα",
    functionality_description: "Αυτά τα cookies θυμούνται τις επιλογές που κάνετε και παρέχουν \
                                βελτιωμένες, πιο προσωπικές λειτουργίες.",
    performance_label: "Επιδόσεις",
    performance_description: "Αυτά τα cookies συλλέγουν πληροφορίες για το πώς χρησιμοποιείτε \
                              τον ιστότοπο, για παράδειγμα ποιες σελίδες επισκέπτεστε πιο \
                              συχνά, ώστε να μπορούμε να βελτιώσουμε τη λειτουργία του.",
    advertising_label: "Διαφήμιση και παρακολούθηση",
    advertising_description: "Αυτά τα cookies δείχνουν πού είδατε τις διαφημίσεις μας, μετρούν \
                              πόσο καλά αποδίδουν οι καμπάνιες μας και περιορίζουν πόσο συχνά \
                              βλέπετε μια διαφήμιση.",
    error_cross_site: "Οι επιλογές για τα cookies μπορούν να αποθηκευτούν μόνο από τις ίδιες \
                       τις σελίδες αυτού του ιστότοπου.",
    error_bad_form: "Δεν ήταν δυνατή η ανάγνωση της φόρμας επιλογής cookies.",
    error_timeout: "Η φόρμα επιλογής cookies άργησε πολύ να φτάσει.",
    error_too_large: "Η φόρμα επιλογής cookies ήταν πολύ μεγάλη.",
    error_media_type: "Οι επιλογές για τα cookies πρέπει να αποστέλλονται ως φόρμα ή ως JSON.",
    error_method: "Αυτή η διεύθυνση μόνο εμφανίζει και αποθηκεύει επιλογές για τα cookies.",
    receipt_intro: "This is the record we keep of your choice.",
    receipt_refused: "Refused",
    receipt_none: "none",
    receipt_json_link: "This record as JSON",
    receipt_unavailable: "Your record cannot be shown right now. Please try again later.",
    not_saved_title: "Your choice could not be saved",
    not_saved_back: "Back to the page",
};
