//! The engine in a Web Worker: long runs and Verify go there, and the page stays responsive
//! while they take seconds. The same engine in the same wasm: the page sends its compiled
//! module to `web/worker.js`, which starts it without a page and hands every message to
//! [`worker_message`]. The worker keeps its own `Session` of the page's project; a job
//! brings the page's database with it and a run sends the database back as it left it.
//!
//! What crosses: a [`Job`] one way, [`Reply`]s the other, each in postcard's form (serde's
//! data, compact) with the database beside it (`{data, image}`), the bytes moved, not copied.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Object, Reflect, Uint8Array};
use retort_engine::ProjectFiles;
use retort_engine::session::{Direction, Run, RunReport, Session};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::model::Progress;

/// What the page asks of the worker.
#[derive(Serialize, Deserialize)]
pub enum Job {
    /// Run to `target` on the database sent with the job, a step at a time: [`Reply::Progress`]
    /// as it goes, [`Reply::Ran`] at the end. `files` when the worker does not hold `project`.
    Run {
        job: u32,
        project: u32,
        files: Option<ProjectFiles>,
        direction: Direction,
        target: String,
    },
    /// `retort verify`: from base, or on the database sent with the job (`from_here`).
    Verify {
        job: u32,
        project: u32,
        files: Option<ProjectFiles>,
        from_here: bool,
    },
    /// Stop the run after the step that is running.
    Cancel,
}

/// What the worker answers, with the number of the job it is about (`Answer`).
#[derive(Serialize, Deserialize)]
pub enum Reply {
    Progress(Progress),
    /// The run ended (done, failed or stopped); the database comes with it.
    Ran(RunReport),
    Verified(crate::findings::Verified),
    /// The job could not be done here (the project did not open, the database did not
    /// load): the page does it itself.
    Refused(String),
}

/// A reply to the page's job of this number (an answer to a job the page has given up is
/// known by it).
pub type Answer = (u32, Reply);

/// How long the worker runs steps before it reports progress and reads its messages (a
/// cancel).
const SLICE_MS: f64 = 50.0;

/// A message: `value`, with a database's bytes.
pub fn envelope(value: &impl Serialize, image: Option<&Uint8Array>) -> Object {
    let message = Object::new();
    let data = postcard::to_allocvec(value).unwrap_or_default();
    let _ = Reflect::set(&message, &"data".into(), &Uint8Array::from(&data[..]));
    if let Some(image) = image {
        let _ = Reflect::set(&message, &"image".into(), image);
    }
    message
}

/// A message's value and its database's bytes.
pub fn open_envelope<T: for<'de> Deserialize<'de>>(
    message: &JsValue,
) -> Result<(T, Option<Uint8Array>), String> {
    let data = Reflect::get(message, &"data".into())
        .ok()
        .and_then(|d| d.dyn_into::<Uint8Array>().ok())
        .ok_or("a message without its data")?;
    // (postcard's own messages would only cost the page's size: these messages are ours.)
    let value = postcard::from_bytes(&data.to_vec()).map_err(|_| "a message that does not read")?;
    let image = Reflect::get(message, &"image".into())
        .ok()
        .and_then(|i| i.dyn_into::<Uint8Array>().ok());
    Ok((value, image))
}

thread_local! {
    /// The project the worker holds, by the page's number for it.
    static SESSION: RefCell<Option<(u32, Rc<Session>)>> = const { RefCell::new(None) };
    /// The run in progress, and its job's number.
    static RUN: RefCell<Option<(u32, Rc<Session>, Run)>> = const { RefCell::new(None) };
    static CANCEL: Cell<bool> = const { Cell::new(false) };
}

/// The worker's side: one message from the page (`web/worker.js` calls this for each).
/// `true`: a run has begun; `worker.js` calls [`worker_continue`] until it has ended.
#[wasm_bindgen]
pub fn worker_message(message: JsValue) -> bool {
    let (job, image) = match open_envelope::<Job>(&message) {
        Ok(j) => j,
        Err(e) => {
            post(0, Reply::Refused(e), None);
            return false;
        }
    };
    match job {
        Job::Cancel => CANCEL.set(true),
        Job::Run {
            job,
            project,
            files,
            direction,
            target,
        } => {
            // A run the page sends a new job during is one it has given up.
            RUN.take();
            match session(project, files, image) {
                Ok(session) => {
                    CANCEL.set(false);
                    let run = session.start(direction, &target);
                    RUN.set(Some((job, session, run)));
                    return worker_continue();
                }
                Err(e) => post(job, Reply::Refused(e), None),
            }
        }
        Job::Verify {
            job,
            project,
            files,
            from_here,
        } => {
            RUN.take();
            match session(project, files, image) {
                Ok(session) => {
                    let report = session.verify(from_here);
                    post(
                        job,
                        Reply::Verified(crate::findings::Verified::of(&report)),
                        None,
                    )
                }
                Err(e) => post(job, Reply::Refused(e), None),
            }
        }
    }
    false
}

/// Takes the run's steps for a slice of time, then reports progress and returns `true`
/// (`worker.js` calls again once the worker has read its messages: a cancel); at the end,
/// sends the report with the database and returns `false`.
#[wasm_bindgen]
pub fn worker_continue() -> bool {
    let Some((job, session, mut run)) = RUN.take() else {
        return false;
    };
    let slice_end = js_sys::Date::now() + SLICE_MS;
    while !CANCEL.get() && session.step(&mut run) {
        if js_sys::Date::now() > slice_end {
            post(job, Reply::Progress(Progress::of(&session, &run)), None);
            RUN.set(Some((job, session, run)));
            return true;
        }
    }
    match session.database_image() {
        Ok(bytes) => post(
            job,
            Reply::Ran(run.report),
            Some(&Uint8Array::from(&bytes[..])),
        ),
        Err(e) => post(job, Reply::Refused(e), None),
    }
    false
}

/// The session of `project` (opened from `files` when they came), on `image` when one came.
fn session(
    project: u32,
    files: Option<ProjectFiles>,
    image: Option<Uint8Array>,
) -> Result<Rc<Session>, String> {
    SESSION.with_borrow_mut(|held| {
        if let Some(files) = files {
            *held = Some((project, Rc::new(Session::open(files)?)));
        }
        let Some((_, session)) = held.as_mut().filter(|(p, _)| *p == project) else {
            return Err(format!("the worker does not hold project {project}"));
        };
        if let Some(image) = image {
            let s = Rc::get_mut(session).ok_or("the worker is still running a job")?;
            let len = image.length() as usize;
            s.open_database(
                "the page's database",
                len,
                crate::db_file::Reader::new(image),
            )?;
        }
        Ok(session.clone())
    })
}

fn scope() -> web_sys::DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(job: u32, reply: Reply, image: Option<&Uint8Array>) {
    let message = envelope(&(job, reply), image);
    let sent = match image {
        // The bytes are moved to the page.
        Some(image) => {
            scope().post_message_with_transfer(&message, &js_sys::Array::of1(&image.buffer()))
        }
        None => scope().post_message(&message),
    };
    // Posting fails only on a value that cannot be cloned: these never are.
    debug_assert!(sent.is_ok());
}
