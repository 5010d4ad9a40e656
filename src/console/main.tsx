import { render } from 'preact';
import { RouterProvider } from '@tanstack/react-router';
import { createConsoleRouter } from './app/routes';
import './console.css';

render(<RouterProvider router={createConsoleRouter()} />, document.getElementById('app')!);
