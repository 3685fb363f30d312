//! Long runs and Verify in the engine's Web Worker (`crate::worker`), as the page uses it:
//! started on the first job, sent the project once per session and the database with every
//! job; a run's progress shown as it comes, its report and database taken back at its end.
//! A job the worker cannot do (it did not start, the project did not open there, the engine
//! stopped) is done on the page's thread instead, as before there was a worker: the page's
//! session is only ever changed by a finished run's database.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use super::Page;
use super::running::{NEXT_TASK, Progress, Running};
use crate::db_file::Reader;
use crate::findings::Verified;
use crate::worker::{Answer, Job, Reply, envelope, open_envelope};

#[wasm_bindgen]
extern "C" {
    /// The address of the page's glue module (wasm-bindgen's), which the worker imports.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: String;
}

/// The worker and what it is doing for the page.
#[derive(Clone, Copy)]
pub(super) struct Background {
    worker: StoredValue<Option<Handle>, LocalStorage>,
    /// The page's session the worker holds (its generation).
    holds: StoredValue<Option<u32>>,
    /// The job in the worker, by number.
    job: StoredValue<Option<(u32, Pending)>, LocalStorage>,
    jobs: StoredValue<u32>,
}

struct Handle {
    worker: Worker,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

enum Pending {
    Run(Box<Running>),
    /// Verify, whether from here, and what to do with its report (`None`: the project it
    /// was for is gone).
    Verify(bool, Box<dyn FnOnce(Option<Verified>)>),
}

impl Background {
    pub fn new() -> Background {
        Background {
            worker: StoredValue::new_local(None),
            holds: StoredValue::new(None),
            job: StoredValue::new_local(None),
            jobs: StoredValue::new(0),
        }
    }
}

impl Page {
    /// Gives the run to the worker; `Err` gives it back when there is no worker to take it.
    pub(super) fn run_in_background(self, r: Running) -> Result<(), Box<Running>> {
        let Some(job) = self.post_job(|job, project, files| Job::Run {
            job,
            project,
            files,
            direction: r.direction,
            target: r.target.clone(),
        }) else {
            return Err(Box::new(r));
        };
        self.progress
            .set(Some(self.session.with(|s| Progress::of(s, &r.run))));
        self.background
            .job
            .set_value(Some((job, Pending::Run(Box::new(r)))));
        Ok(())
    }

    /// `retort verify` in the worker (else here), `done` given its report, or `None` if
    /// another project replaced this one first.
    pub fn verify(self, from_here: bool, done: impl FnOnce(Option<Verified>) + 'static) {
        let posted = self.post_job(|job, project, files| Job::Verify {
            job,
            project,
            files,
            from_here,
        });
        match posted {
            Some(job) => self
                .background
                .job
                .set_value(Some((job, Pending::Verify(from_here, Box::new(done))))),
            None => done(Some(Verified::of(
                &self.session.with(|s| s.verify(from_here)),
            ))),
        }
    }

    /// Stops the job in the worker: a run after the step that is running.
    pub(super) fn cancel_background(&self) {
        if self.background.job.with_value(Option::is_some) {
            self.post(&Job::Cancel);
        }
    }

    /// Forgets the job in the worker (the session it was for is gone): a Verify is told.
    pub(super) fn drop_background_job(&self) {
        if let Some((_, pending)) = self.background.job.try_update_value(Option::take).flatten() {
            self.post(&Job::Cancel);
            if let Pending::Verify(_, done) = pending {
                done(None);
            }
        }
    }

    /// Sends a job with the database (and the project, when the worker does not hold it):
    /// its number, `None` without a worker.
    fn post_job(
        &self,
        job: impl FnOnce(u32, u32, Option<retort_engine::ProjectFiles>) -> Job,
    ) -> Option<u32> {
        let bg = self.background;
        if bg.job.with_value(Option::is_some) {
            return None;
        }
        self.ensure_worker()?;
        let project = self.session.generation();
        let files = (bg.holds.get_value() != Some(project)).then(|| self.session.files());
        let image = js_sys::Uint8Array::from(&self.session.with(|s| s.database_image()).ok()?[..]);
        let number = bg.jobs.get_value().wrapping_add(1);
        bg.jobs.set_value(number);
        let message = envelope(&job(number, project, files), Some(&image));
        // The image's buffer is handed over, not copied (a thousand tables make 16 MB).
        let handed = js_sys::Array::of1(&image.buffer());
        let sent = bg.worker.with_value(|w| {
            w.as_ref()
                .map(|h| {
                    h.worker
                        .post_message_with_transfer(&message, &handed)
                        .is_ok()
                })
                .unwrap_or(false)
        });
        if !sent {
            return None;
        }
        bg.holds.set_value(Some(project));
        Some(number)
    }

    fn post(&self, job: &Job) {
        let message = envelope(job, None);
        self.background.worker.with_value(|w| {
            if let Some(h) = w {
                let _ = h.worker.post_message(&message);
            }
        });
    }

    /// Starts the worker if there is none: `None` if it cannot start (no module workers).
    fn ensure_worker(&self) -> Option<()> {
        let bg = self.background;
        if bg.worker.with_value(Option::is_some) {
            return Some(());
        }
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options("worker.js", &options).ok()?;
        let page = *self;
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            page.answered(e.data());
        });
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
            page.worker_broken();
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let start = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&start, &"glue".into(), &GLUE_URL.with(|u| u.into()));
        let _ = js_sys::Reflect::set(&start, &"module".into(), &wasm_bindgen::module());
        worker.post_message(&start).ok()?;
        bg.worker.set_value(Some(Handle {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        }));
        bg.holds.set_value(None);
        Some(())
    }

    /// A message from the worker.
    fn answered(self, message: JsValue) {
        let Ok(((number, reply), image)) = open_envelope::<Answer>(&message) else {
            // `{broken}`: the engine stopped in the worker.
            return self.worker_broken();
        };
        let bg = self.background;
        if bg.job.with_value(|j| j.as_ref().map(|(n, _)| *n)) != Some(number) {
            return;
        }
        match reply {
            Reply::Progress(p) => self.progress.set(Some(p)),
            Reply::Ran(report) => {
                let Some((_, Pending::Run(mut r))) =
                    bg.job.try_update_value(Option::take).flatten()
                else {
                    return;
                };
                let restored = image
                    .ok_or("no database came back".to_owned())
                    .and_then(|image| {
                        let len = image.length() as usize;
                        self.session.update(|s| {
                            s.open_database("the run's database", len, Reader::new(image))
                        })
                    });
                match restored {
                    // Reading what the run did and drawing it are tasks of their own.
                    Ok(_) => set_timeout(
                        move || {
                            self.session.with(|s| s.caught_up(&mut r.run, report));
                            set_timeout(move || self.finish(*r), NEXT_TASK);
                        },
                        NEXT_TASK,
                    ),
                    // The page's database is as it was before the run: it runs here.
                    Err(_) => self.drive(*r),
                }
            }
            Reply::Verified(report) => {
                if let Some((_, Pending::Verify(_, done))) =
                    bg.job.try_update_value(Option::take).flatten()
                {
                    done(Some(report));
                }
            }
            Reply::Refused(_) => {
                bg.holds.set_value(None);
                self.take_back();
            }
        }
    }

    /// The worker stopped: it is let go (the next job starts another), and its job is done here.
    fn worker_broken(self) {
        if let Some(h) = self
            .background
            .worker
            .try_update_value(Option::take)
            .flatten()
        {
            h.worker.terminate();
        }
        self.background.holds.set_value(None);
        self.take_back();
    }

    /// The worker's job, done on the page's thread instead.
    fn take_back(self) {
        match self.background.job.try_update_value(Option::take).flatten() {
            Some((_, Pending::Run(r))) => self.drive(*r),
            Some((_, Pending::Verify(here, done))) => {
                done(Some(Verified::of(&self.session.with(|s| s.verify(here)))))
            }
            None => {}
        }
    }
}
