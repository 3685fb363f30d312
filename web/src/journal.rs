//! The journal: what was done to the database since the project was opened, in order. It is
//! kept in localStorage, replayed on load (`model::running`) and carried by share links as lines of text
//! (`upgrade X`, `downgrade X`, `stamp X`, `seed SQL`); this module is their one codec.

use std::fmt;

use retort_engine::session::Direction;

/// One journal entry, as one line of text (see [`Action::decode`], and its `Display`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// `upgrade TARGET`
    Upgrade(String),
    /// `downgrade TARGET`
    Downgrade(String),
    /// `stamp TARGET`
    Stamp(String),
    /// `seed SQL`: rows changed from the Data tab.
    Seed(String),
    /// `review HEADS`: a pull request's review (`retort review`): the revisions above HEADS
    /// (the base's heads, separated by spaces) are the PR's. Replaying it does nothing.
    Review(String),
    /// `database NAME`: the steps after it ran on a copy of the user's database file NAME
    /// (kept in IndexedDB, never in a link); always the journal's first line.
    Database(String),
    /// Any other line, kept as it was so that it travels on unchanged (the page never writes
    /// one; a hand-made link may carry one). Replaying it does nothing.
    Other(String),
}

impl Action {
    /// The action of running the session in `direction` to `target`.
    pub fn run(direction: Direction, target: String) -> Action {
        match direction {
            Direction::Upgrade => Action::Upgrade(target),
            Direction::Downgrade => Action::Downgrade(target),
            Direction::Stamp => Action::Stamp(target),
        }
    }

    /// A run's direction and target (`run`'s inverse); `None` for other actions.
    pub fn as_run(&self) -> Option<(Direction, &str)> {
        match self {
            Action::Upgrade(t) => Some((Direction::Upgrade, t)),
            Action::Downgrade(t) => Some((Direction::Downgrade, t)),
            Action::Stamp(t) => Some((Direction::Stamp, t)),
            _ => None,
        }
    }

    /// The action a line records: its verb, one space, and the rest of the line as written.
    /// `decode(line).to_string() == line` for every line.
    pub fn decode(line: &str) -> Action {
        match line.split_once(' ') {
            Some(("upgrade", rest)) => Action::Upgrade(rest.to_owned()),
            Some(("downgrade", rest)) => Action::Downgrade(rest.to_owned()),
            Some(("stamp", rest)) => Action::Stamp(rest.to_owned()),
            Some(("seed", rest)) => Action::Seed(rest.to_owned()),
            Some(("database", rest)) => Action::Database(rest.to_owned()),
            Some(("review", rest)) => Action::Review(rest.to_owned()),
            _ => Action::Other(line.to_owned()),
        }
    }
}

impl fmt::Display for Action {
    /// The action's line, as kept and shared.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Upgrade(t) => write!(f, "upgrade {t}"),
            Action::Downgrade(t) => write!(f, "downgrade {t}"),
            Action::Stamp(t) => write!(f, "stamp {t}"),
            Action::Seed(sql) => write!(f, "seed {sql}"),
            Action::Database(name) => write!(f, "database {name}"),
            Action::Review(heads) => write!(f, "review {heads}"),
            Action::Other(line) => f.write_str(line),
        }
    }
}

/// The lines of a journal (what localStorage keeps, as a JSON array).
pub fn encode_lines(actions: &[Action]) -> Vec<String> {
    actions.iter().map(Action::to_string).collect()
}

/// A journal from its lines.
pub fn decode_lines<S: AsRef<str>>(lines: &[S]) -> Vec<Action> {
    lines.iter().map(|l| Action::decode(l.as_ref())).collect()
}

/// The position a share link carries (its `revision`): the journal, one line per action;
/// `None` when that text would be empty.
pub fn encode_link(actions: &[Action]) -> Option<String> {
    let text = encode_lines(actions).join("\n");
    (!text.is_empty()).then_some(text)
}

/// A link's position: the page writes its journal (`upgrade X`, `seed SQL`, ... one per
/// line); `retort share` writes revisions to upgrade to, separated by white space.
pub fn decode_link(text: &str) -> Vec<Action> {
    let lines: Vec<Action> = text.lines().map(Action::decode).collect();
    if lines.iter().any(|a| !matches!(a, Action::Other(_))) {
        lines
    } else {
        text.split_whitespace()
            .map(|r| Action::Upgrade(r.to_owned()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines as the page has written them into localStorage and links.
    const TODAY: &[&str] = &[
        "upgrade +1",
        "upgrade heads",
        "downgrade -1",
        "downgrade base",
        "upgrade 1975ea83b712",
        "stamp ae1027a6acf",
        "seed INSERT INTO account (name) VALUES ('a b'), ('c')",
        "seed DELETE FROM account WHERE id = 1",
        "seed ",
        "database app.db",
        "review 1975ea83b712 ae1027a6acf",
    ];

    #[test]
    fn todays_lines_decode_to_their_actions() {
        use Action::*;
        let decoded = decode_lines(TODAY);
        assert_eq!(
            decoded,
            vec![
                Upgrade("+1".into()),
                Upgrade("heads".into()),
                Downgrade("-1".into()),
                Downgrade("base".into()),
                Upgrade("1975ea83b712".into()),
                Stamp("ae1027a6acf".into()),
                Seed("INSERT INTO account (name) VALUES ('a b'), ('c')".into()),
                Seed("DELETE FROM account WHERE id = 1".into()),
                Seed(String::new()),
                Database("app.db".into()),
                Review("1975ea83b712 ae1027a6acf".into()),
            ]
        );
    }

    #[test]
    fn every_line_round_trips_byte_for_byte() {
        let odd = [
            "",
            "upgrade",
            "upgrade  two spaces",
            "Upgrade X",
            "frobnicate x",
            "seed\tINSERT",
            "seed UPDATE t SET s = 'é ✓'",
        ];
        for line in TODAY.iter().chain(&odd) {
            assert_eq!(Action::decode(line).to_string(), *line);
        }
        for line in ["", "upgrade", "Upgrade X", "seed\tINSERT"] {
            assert_eq!(Action::decode(line), Action::Other(line.into()));
        }
        assert_eq!(encode_lines(&decode_lines(TODAY)), TODAY);
    }

    #[test]
    fn runs_are_recorded_by_their_verb() {
        assert_eq!(
            Action::run(Direction::Upgrade, "+1".into()).to_string(),
            "upgrade +1"
        );
        assert_eq!(
            Action::run(Direction::Downgrade, "base".into()).to_string(),
            "downgrade base"
        );
        assert_eq!(
            Action::run(Direction::Stamp, "abc".into()).to_string(),
            "stamp abc"
        );
    }

    #[test]
    fn a_run_is_read_back_from_its_action() {
        for d in [Direction::Upgrade, Direction::Downgrade, Direction::Stamp] {
            assert_eq!(Action::run(d, "x".into()).as_run(), Some((d, "x")));
        }
        assert_eq!(Action::Seed("DELETE FROM t".into()).as_run(), None);
    }

    #[test]
    fn a_links_journal_round_trips() {
        let text = TODAY.join("\n");
        let actions = decode_link(&text);
        assert_eq!(actions, decode_lines(TODAY));
        assert_eq!(encode_link(&actions).as_deref(), Some(text.as_str()));
        // Lines the page does not know travel on as they came.
        let text = "upgrade a\nnot an action\nseed DELETE FROM t";
        assert_eq!(encode_link(&decode_link(text)).as_deref(), Some(text));
    }

    #[test]
    fn a_link_of_revisions_upgrades_to_each() {
        // What `retort share` writes: revisions, separated by white space.
        assert_eq!(
            decode_link("1975ea83b712 ae1027a6acf\nheads"),
            vec![
                Action::Upgrade("1975ea83b712".into()),
                Action::Upgrade("ae1027a6acf".into()),
                Action::Upgrade("heads".into()),
            ]
        );
        assert_eq!(
            encode_link(&decode_link("abc")).as_deref(),
            Some("upgrade abc")
        );
        assert_eq!(decode_link(""), vec![]);
        assert_eq!(decode_link("  \n "), vec![]);
    }

    #[test]
    fn an_empty_journal_shares_no_position() {
        assert_eq!(encode_link(&[]), None);
        assert_eq!(encode_link(&[Action::Other(String::new())]), None);
        assert_eq!(encode_lines(&[]), Vec::<String>::new());
    }

    #[test]
    fn a_share_fragment_carries_the_journal() {
        let mut files = retort_engine::ProjectFiles::new();
        files.insert("migrations/alembic.ini", "[alembic]\n");
        let text = TODAY.join("\n");
        let link =
            retort_engine::share::encode(&files, encode_link(&decode_lines(TODAY)).as_deref());
        let shared = retort_engine::share::decode(&link).unwrap();
        assert_eq!(shared.revision.as_deref(), Some(text.as_str()));
        assert_eq!(decode_link(&shared.revision.unwrap()), decode_lines(TODAY));
    }
}
