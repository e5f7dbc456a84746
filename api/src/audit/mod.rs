//! Auditor and operator logic shared by the `linli` subcommands and the audit HTTP API:
//! how an event is shown ([`view`]), an aggregate's state as of a moment ([`state`]), the
//! chain checkpoints ([`checkpoints`], recorded by [`recorder`]), and the whole-store
//! verification that adds them and the projection checkpoints to the log's own ([`verify`]).

pub mod backup;
pub mod checkpoints;
pub mod recorder;
pub mod replay;
pub mod state;
pub mod verify;
pub mod view;
